/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real implementation. */
#include "cli.h"

int cmd_simulate(int argc, char **argv)
{
	cli_error(argv[0], "not implemented yet");
	return BUDGE_EXIT_FAILURE;
}

