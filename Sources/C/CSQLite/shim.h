#ifndef FLYWHEEL_CSQLITE_SHIM_H
#define FLYWHEEL_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
