/* SPDX-License-Identifier: MIT */
/* placeholder */
#include "budge/region.h"
