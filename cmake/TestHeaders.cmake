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
    # The compiler itself, syntax only (a build of the tree would hold a lock on it, and the
    # fail tests would run one at a time): ctgrad's and its dependencies' include directories.
    set(includes "$<TARGET_PROPERTY:ctgrad,INTERFACE_INCLUDE_DIRECTORIES>"
                 "$<TARGET_PROPERTY:Eigen3::Eigen,INTERFACE_INCLUDE_DIRECTORIES>"
                 "$<TARGET_PROPERTY:Boost::headers,INTERFACE_INCLUDE_DIRECTORIES>")
    # (without the compiler's own /usr/include: -I there would reorder its system headers)
    set(includes "$<FILTER:$<REMOVE_DUPLICATES:${includes}>,EXCLUDE,^/usr/include/?$>")
    add_test(NAME fail.${name}
        COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -fsyntax-only "-I$<JOIN:${includes},;-I>" ${CMAKE_CURRENT_SOURCE_DIR}/${source}
        COMMAND_EXPAND_LISTS)
    set_tests_properties(fail.${name} PROPERTIES PASS_REGULAR_EXPRESSION "${pattern}")
endfunction()
