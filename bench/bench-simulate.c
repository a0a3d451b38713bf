/* SPDX-License-Identifier: MIT */
/*
 * Engine simulation benchmark: N synthetic workdays (default 3650, ten
 * years) through the coaching engine with the built-in catalog and the
 * default config, answered by the synthetic user, no output per prompt.
 * Prints the CPU time. Usage: bench-simulate [DAYS [SEED [REPEAT]]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "budge/catalog.h"
#include "budge/config.h"
#include "budge/engine.h"
#include "budge/sim.h"
#include "catalog-load.h"

struct counts {
	long prompts, responses, bouts;
};

static void count(const struct budge_action *a, void *ud)
{
	struct counts *c = ud;
	c->prompts += a->type == BUDGE_ACT_PROMPT;
	c->responses += a->type == BUDGE_ACT_RESPONSE;
	c->bouts += a->type == BUDGE_ACT_BOUT_END;
}

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long days = argc > 1 ? atol(argv[1]) : 3650;
	unsigned long long seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	int repeat = argc > 3 ? atoi(argv[3]) : 3;
	static struct budge_trace_line evs[512];
	struct budge_config cfg;
	struct budge_catalog cat;
	double best = 1e9;
	struct counts c = {0};

	if (days < 1 || repeat < 1) {
		fprintf(stderr, "usage: bench-simulate [DAYS [SEED [REPEAT]]]\n");
		return 2;
	}
	budge_config_defaults(&cfg);
	budge_catalog_init(&cat);
	if (budge_catalog_load_builtin(&cat, NULL, NULL) < 0 || cat.n == 0) {
		fprintf(stderr, "bench-simulate: cannot load the built-in catalog\n");
		return 1;
	}
	for (int rep = 0; rep < repeat; rep++) {
		struct budge_rng gen, user;
		struct budge_sim *sim;
		int32_t start = 20458; /* 2026-01-05 */
		c = (struct counts){0};
		budge_rng_seed(&gen, seed);
		budge_rng_seed(&user, seed ^ 0x9e3779b97f4a7c15ull);
		double t0 = cpu_now();
		if (budge_sim_create(&cfg, &cat, (int64_t)start * 86400, (int64_t)start * 86400, &user,
				     count, &c, &sim) < 0)
			return 1;
		for (long i = 0; i < days; i++) {
			int32_t day = start + (int32_t)i;
			int64_t base = (int64_t)day * 86400;
			int n = budge_synth_day(&gen, budge_local_weekday(day), evs, 512);
			for (int k = 0; k < n; k++) {
				struct budge_input_event ev = evs[k].ev;
				ev.at = base + evs[k].sec;
				(void)budge_sim_feed(sim, ev.at, &ev);
			}
			budge_sim_run_until(sim, base + 86400);
		}
		budge_sim_destroy(sim);
		double dt = cpu_now() - t0;
		if (dt < best)
			best = dt;
	}
	printf("days %ld, seed %llu, movements %zu: %ld prompts, %ld responses, %ld bouts\n", days,
	       seed, cat.n, c.prompts, c.responses, c.bouts);
	printf("best of %d: %.3f s CPU (%.0f simulated days per second)\n", repeat, best,
	       (double)days / best);
	budge_catalog_finish(&cat);
	return 0;
}
