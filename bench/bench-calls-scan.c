/* SPDX-License-Identifier: MIT */
/*
 * The alsa calls backend's one look (budge_calls_proc_scan) timed on this
 * machine's /proc, or on ROOT: how much one look once a minute costs.
 *   build/bench/bench-calls-scan [ROOT] [ROUNDS]
 * Prints the fds looked at and the mean CPU time of one look.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "calls.h"

static double cpu_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : "/proc";
	int rounds = argc > 2 ? atoi(argv[2]) : 100;
	struct budge_calls_scan s = {0};

	if (rounds < 1)
		rounds = 1;
	double t0 = cpu_s();
	for (int i = 0; i < rounds; i++)
		budge_calls_proc_scan(root, &s);
	double t = (cpu_s() - t0) / rounds;
	printf("root %s: %d fds looked at, %d ALSA captures running, %d cameras open\n", root,
	       s.fds_seen, s.capture_running, s.video_open);
	printf("one look: %.3f ms CPU (mean of %d); once a minute: %.4f %% of one core\n",
	       t * 1e3, rounds, t / 60 * 100);
	return 0;
}
