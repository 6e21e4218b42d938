#ifndef FLYWHEEL_CPROTOBUFC_SHIM_H
#define FLYWHEEL_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
