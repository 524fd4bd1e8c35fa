@echo off
rem CertDesk command line (the installed app). Run it from an elevated prompt for store import,
rem acl and verify. It starts CertDesk.exe in its CLI mode: no window, output in this console, and the
rem exit code of the command (0 ok, 1 not ready, 2 error). See docs/packaging.md, "The command line".
setlocal
set "ELECTRON_RUN_AS_NODE="
set "ELECTRON_NO_ATTACH_CONSOLE="
"%~dp0..\CertDesk.exe" --certdesk-cli %*
exit /b %ERRORLEVEL%
