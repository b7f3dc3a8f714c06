# One translation unit per public header, including only that header: every header
# must compile on its own (Boost.Hana's TestHeaders approach).
function(ctgrad_add_header_tests target include_dir)
    file(GLOB_RECURSE headers RELATIVE ${include_dir} CONFIGURE_DEPENDS ${include_dir}/ctgrad/*.hpp)
    set(sources)
    foreach(header IN LISTS headers)
        string(MAKE_C_IDENTIFIER ${header} name)
        set(source ${CMAKE_CURRENT_BINARY_DIR}/headers/${name}.cpp)
        file(CONFIGURE OUTPUT ${source} CONTENT "#include <${header}>\n#include <${header}> // include guard check\n")
        list(APPEND sources ${source})
    endforeach()
    add_library(${target} OBJECT ${sources})
    target_link_libraries(${target} PRIVATE ctgrad::ctgrad ctgrad_warnings)
endfunction()

# A program that must not compile; the test passes when the compiler's message
# matches `pattern` (so a failure for an unrelated reason is not a pass).
function(ctgrad_add_fail_test name source pattern)
    set(target fail_${name})
    add_executable(${target} ${source})
    target_link_libraries(${target} PRIVATE ctgrad::ctgrad)
    set_target_properties(${target} PROPERTIES EXCLUDE_FROM_ALL TRUE EXCLUDE_FROM_DEFAULT_BUILD TRUE)
    add_test(NAME fail.${name}
        COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target ${target} --config $<CONFIG>)
    # one build of this tree at a time: ctest runs tests in parallel
    set_tests_properties(fail.${name} PROPERTIES PASS_REGULAR_EXPRESSION "${pattern}" RESOURCE_LOCK ctgrad_build_tree)
endfunction()
