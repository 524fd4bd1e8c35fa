; CertDesk NSIS include (electron-builder "nsis.include"): refuse an installation folder whose path contains
; "[" or "]". Windows PowerShell 5.1 reads those as wildcards when the bridge's scripts dot-source their shared
; modules (CertDesk.*.ps1 beside them), so every Windows step of CertDesk would fail from such a folder.
; .onVerifyInstDir runs whenever the folder on the directory page changes; Abort keeps "Install" disabled.
Function .onVerifyInstDir
  Push $R0
  Push $R1
  StrCpy $R0 0
  certdesk_dir_loop:
    StrCpy $R1 $INSTDIR 1 $R0
    StrCmp $R1 "" certdesk_dir_ok
    StrCmp $R1 "[" certdesk_dir_bad
    StrCmp $R1 "]" certdesk_dir_bad
    IntOp $R0 $R0 + 1
    Goto certdesk_dir_loop
  certdesk_dir_bad:
    Pop $R1
    Pop $R0
    Abort
  certdesk_dir_ok:
    Pop $R1
    Pop $R0
FunctionEnd
