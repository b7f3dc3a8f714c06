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

# The fail tests run the compiler itself, syntax only (a build of the tree would hold a lock
# on it, and the fail tests would run one at a time), with ctgrad's and its dependencies'
# include directories (without the compiler's own /usr/include: -I there would reorder its
# system headers).
set(ctgrad_fail_includes "$<TARGET_PROPERTY:ctgrad,INTERFACE_INCLUDE_DIRECTORIES>"
                         "$<TARGET_PROPERTY:Eigen3::Eigen,INTERFACE_INCLUDE_DIRECTORIES>"
                         "$<TARGET_PROPERTY:Boost::headers,INTERFACE_INCLUDE_DIRECTORIES>")
set(ctgrad_fail_includes "-I$<JOIN:$<FILTER:$<REMOVE_DUPLICATES:${ctgrad_fail_includes}>,EXCLUDE,^/usr/include/?$>,;-I>")

# Each fail test would spend about 4 s parsing <ctgrad/ctgrad.hpp>: it is parsed once, at build
# time, into a precompiled header made with the fail tests' own flags (the build's target
# fail_test_pch), which each test includes first.
function(ctgrad_add_fail_test_pch)
    set(header ${CMAKE_CURRENT_BINARY_DIR}/fail_pch/ctgrad_all.hpp)
    file(CONFIGURE OUTPUT ${header} CONTENT "#include <ctgrad/ctgrad.hpp>\n")
    if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        set(pch ${header}.pch)
        set(CTGRAD_FAIL_PCH_FLAGS -include-pch ${pch} PARENT_SCOPE)
    else()
        set(pch ${header}.gch)
        set(CTGRAD_FAIL_PCH_FLAGS -include ${header} PARENT_SCOPE)  # g++ finds the .gch beside it
    endif()
    add_custom_command(OUTPUT ${pch}
        COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 "${ctgrad_fail_includes}" -x c++-header ${header} -o ${pch} -MD -MF ${pch}.d
        DEPFILE ${pch}.d
        COMMAND_EXPAND_LISTS VERBATIM)
    add_custom_target(fail_test_pch ALL DEPENDS ${pch})
endfunction()

# A program that must not compile; the test passes when the compiler's message
# matches `pattern` (so a failure for an unrelated reason is not a pass).
function(ctgrad_add_fail_test name source pattern)
    add_test(NAME fail.${name}
        COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -fsyntax-only "${ctgrad_fail_includes}" ${CTGRAD_FAIL_PCH_FLAGS}
                ${CMAKE_CURRENT_SOURCE_DIR}/${source}
        COMMAND_EXPAND_LISTS)
    set_tests_properties(fail.${name} PROPERTIES PASS_REGULAR_EXPRESSION "${pattern}")
endfunction()
