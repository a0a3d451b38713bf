/* SPDX-License-Identifier: MIT */
/* What a line typed at the coach's terminal answers (tty-answers.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tty-answers.h"

static const struct {
	const char *line, *want; /* want NULL: not an answer */
} cases[] = {
    {"d", "done"},       {"done", "done"},         {"  D  ", "done"},   {"s", "snooze"},
    {"k", "skip"},       {"skip", "skip"},         {"t", "too-hard"},   {"too-hard", "too-hard"},
    {"h", "hurts"},      {"HURTS", "hurts"},       {"", NULL},          {"x", NULL},
    {"done now", NULL},  {"dd", NULL},             {"do", NULL},
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = budge_tty_answer_parse(cases[i].line);
		if (!cases[i].want)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_parse)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
