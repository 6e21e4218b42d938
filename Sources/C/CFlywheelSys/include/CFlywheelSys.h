#ifndef FLYWHEEL_CFLYWHEELSYS_H
#define FLYWHEEL_CFLYWHEELSYS_H
/* Linux system calls that Glibc's Swift overlay does not expose. */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC; returns the new descriptor or -1 with errno set.
int flywheel_accept_nonblocking(int listener);
/// pipe2(2) with O_NONBLOCK | O_CLOEXEC; returns 0 or -1 with errno set.
int flywheel_pipe_nonblocking(int fds[2]);
#endif
