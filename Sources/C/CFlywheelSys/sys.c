#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "CFlywheelSys.h"

int flywheel_accept_nonblocking(int listener) {
    return accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int flywheel_pipe_nonblocking(int fds[2]) {
    return pipe2(fds, O_NONBLOCK | O_CLOEXEC);
}
