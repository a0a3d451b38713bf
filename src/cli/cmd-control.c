/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER: replaced by the real implementation. */
#include "cli.h"

int cmd_status(int argc, char **argv)
{
	cli_error(argv[0], "not implemented yet");
	return BUDGE_EXIT_FAILURE;
}

int cmd_next(int argc, char **argv)
{
	cli_error(argv[0], "not implemented yet");
	return BUDGE_EXIT_FAILURE;
}

int cmd_respond(int argc, char **argv)
{
	cli_error(argv[0], "not implemented yet");
	return BUDGE_EXIT_FAILURE;
}

int cmd_pause(int argc, char **argv)
{
	cli_error(argv[0], "not implemented yet");
	return BUDGE_EXIT_FAILURE;
}

int cmd_resume(int argc, char **argv)
{
	cli_error(argv[0], "not implemented yet");
	return BUDGE_EXIT_FAILURE;
}

int cmd_meeting(int argc, char **argv)
{
	cli_error(argv[0], "not implemented yet");
	return BUDGE_EXIT_FAILURE;
}

