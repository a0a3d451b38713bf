/* SPDX-License-Identifier: MIT */
/* placeholder */
#include "budge/catalog.h"
