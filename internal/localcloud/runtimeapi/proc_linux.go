package runtimeapi

import (
	"os/exec"
	"syscall"
)

// setProcAttr puts the process in its own process group, so a terminal's
// Ctrl-C reaches only the platform, and has the kernel kill it should the
// platform die without stopping it.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func killProcess(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		_ = cmd.Process.Kill()
	}
}
