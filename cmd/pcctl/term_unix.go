//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

// This file reads a terminal's width with the TIOCGWINSZ ioctl.

package main

import (
	"syscall"
	"unsafe"
)

// ttyColumns returns the width of the terminal open as fd, or 0.
func ttyColumns(fd uintptr) int {
	var ws struct{ rows, cols, xpixel, ypixel uint16 }
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws)))
	if errno != 0 {
		return 0
	}
	return int(ws.cols)
}
