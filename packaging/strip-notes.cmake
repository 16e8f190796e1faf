# CPACK_PRE_BUILD_SCRIPTS: after CPack has installed and stripped the binaries into its
# staging folder, drop the .comment and .note sections as dh_strip does (lintian's
# binary-has-unneeded-section), without a compile flag (-fno-ident) that would change
# every object file.
file(GLOB binaries "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/usr/bin/*")
foreach(binary ${binaries})
    execute_process(COMMAND strip --remove-section=.comment --remove-section=.note ${binary}
                    RESULT_VARIABLE failed)
    if(failed)
        message(FATAL_ERROR "strip failed on ${binary}")
    endif()
endforeach()
