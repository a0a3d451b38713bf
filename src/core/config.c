/* SPDX-License-Identifier: MIT */
/* placeholder */
#include "budge/config.h"
