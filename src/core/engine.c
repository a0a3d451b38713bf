/* SPDX-License-Identifier: MIT */
/* placeholder */
#include "budge/engine.h"
