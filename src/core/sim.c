/* SPDX-License-Identifier: MIT */
/* The simulation driver: replays inputs through an engine in time order
 * (pure; see include/budge/sim.h). */
#include "budge/sim.h"

#include <errno.h>
#include <stdlib.h>

struct budge_sim {
	struct budge_engine *e;
	struct budge_rng *responder;
	budge_sim_action_fn cb;
	void *userdata;
	int64_t t;
	/* a synthetic answer waiting to be given */
	bool pending;
	int64_t pending_at;
	uint32_t pending_id;
	enum budge_response pending_resp;
};

static void drain(struct budge_sim *s)
{
	struct budge_action a;
	while (budge_engine_pop_action(s->e, &a)) {
		if (a.type == BUDGE_ACT_PROMPT && s->responder) {
			enum budge_response r;
			int64_t delay;
			if (budge_synth_response(s->responder, a.kind, &r, &delay)) {
				s->pending = true;
				s->pending_at = a.at + delay;
				s->pending_id = a.prompt_id;
				s->pending_resp = r;
			}
		}
		if (s->cb)
			s->cb(&a, s->userdata);
	}
}

int budge_sim_create(const struct budge_config *cfg, const struct budge_catalog *cat,
		     int64_t plan_start, int64_t now, struct budge_rng *responder,
		     budge_sim_action_fn cb, void *userdata, struct budge_sim **out)
{
	struct budge_sim *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	int r = budge_engine_create(cfg, cat, plan_start, now, &s->e);
	if (r < 0) {
		free(s);
		return r;
	}
	s->responder = responder;
	s->cb = cb;
	s->userdata = userdata;
	s->t = now;
	*out = s;
	return 0;
}

void budge_sim_destroy(struct budge_sim *s)
{
	if (!s)
		return;
	budge_engine_destroy(s->e);
	free(s);
}

struct budge_engine *budge_sim_engine(struct budge_sim *s)
{
	return s->e;
}

/* Run timers and synthetic answers due before t (inclusive if incl). */
static void run(struct budge_sim *s, int64_t t, bool incl)
{
	for (;;) {
		int64_t d = budge_engine_next_deadline(s->e);
		int64_t lim = incl ? t : t - 1;
		if (s->pending && s->pending_at <= lim && s->pending_at <= d) {
			struct budge_input_event ev = {.type = BUDGE_IN_RESPOND,
						       .at = s->pending_at,
						       .response = s->pending_resp,
						       .prompt_id = s->pending_id};
			s->pending = false;
			/* -ENOENT: the prompt was closed meanwhile; nothing to answer */
			(void)budge_engine_handle(s->e, &ev, ev.at);
			drain(s);
			continue;
		}
		if (d > lim)
			break;
		budge_engine_advance(s->e, d);
		drain(s);
	}
}

void budge_sim_run_until(struct budge_sim *s, int64_t t)
{
	if (t < s->t)
		t = s->t;
	run(s, t, true);
	budge_engine_advance(s->e, t);
	drain(s);
	s->t = t;
}

void budge_sim_clock_jump(struct budge_sim *s, int64_t t, int64_t slept, int64_t step)
{
	budge_sim_run_until(s, t);
	budge_engine_clock_jump(s->e, s->t, slept, step);
	drain(s);
	s->t += slept + step;
}

int budge_sim_feed(struct budge_sim *s, int64_t t, const struct budge_input_event *ev)
{
	if (t < s->t)
		t = s->t;
	/* inputs win over timers due at the same second (as in the engine) */
	run(s, t, false);
	s->t = t;
	struct budge_input_event copy = *ev;
	if (copy.at == 0 || copy.at > t)
		copy.at = t;
	int r = budge_engine_handle(s->e, &copy, t);
	drain(s);
	return r;
}
