/* SPDX-License-Identifier: MIT */
/* placeholder */
#include "log.h"
