/* SPDX-License-Identifier: MIT */
/* placeholder */
#include "budge/duration.h"
