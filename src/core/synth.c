/* SPDX-License-Identifier: MIT */
/* Seeded PRNG and synthetic workdays for the simulator (pure). */
#include "budge/sim.h"

#include <errno.h>
#include <string.h>

void budge_rng_seed(struct budge_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t budge_rng_next(struct budge_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int64_t budge_rng_range(struct budge_rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)(hi - lo) + 1;
	return lo + (int64_t)(budge_rng_next(r) % span);
}

bool budge_rng_chance(struct budge_rng *r, int per_mille)
{
	return budge_rng_range(r, 0, 999) < per_mille;
}

struct gen {
	struct budge_trace_line *out;
	size_t cap, n;
	bool overflow;
};

static void emit(struct gen *g, int32_t sec, enum budge_input type, int64_t arg)
{
	if (g->n == g->cap) {
		g->overflow = true;
		return;
	}
	g->out[g->n++] = (struct budge_trace_line){
		.kind = BUDGE_TRACE_EVENT, .sec = sec, .ev = {.type = type, .arg = arg}};
}

int budge_synth_day(struct budge_rng *r, int weekday, struct budge_trace_line *out, size_t cap)
{
	struct gen g = {.out = out, .cap = cap};
	if (weekday >= 5)
		return 0;

	int32_t t = (int32_t)budge_rng_range(r, 8 * 3600, 9 * 3600);
	int32_t leave = t + (int32_t)budge_rng_range(r, 8 * 3600, 9 * 3600);
	int32_t lunch = (int32_t)budge_rng_range(r, 11 * 3600 + 45 * 60, 13 * 3600);
	int32_t lunch_len = (int32_t)budge_rng_range(r, 25 * 60, 60 * 60);
	bool lunch_done = false, walked = false;

	/* meetings: up to three, on the half hour, 30 or 60 min */
	int32_t m_start[3], m_end[3];
	int nm = (int)budge_rng_range(r, 0, 3), mi = 0;
	for (int i = 0; i < nm; i++) {
		int32_t slot = (int32_t)budge_rng_range(r, 0, 15);
		m_start[i] = 9 * 3600 + slot * 1800;
		m_end[i] = m_start[i] + (budge_rng_chance(r, 500) ? 1800 : 3600);
	}
	/* sort and drop overlaps (and the lunch hour) */
	for (int i = 1; i < nm; i++)
		for (int j = i; j > 0 && m_start[j] < m_start[j - 1]; j--) {
			int32_t a = m_start[j], b = m_end[j];
			m_start[j] = m_start[j - 1];
			m_end[j] = m_end[j - 1];
			m_start[j - 1] = a;
			m_end[j - 1] = b;
		}
	int keep = 0;
	for (int i = 0; i < nm; i++) {
		if (keep && m_start[i] < m_end[keep - 1])
			continue;
		if (m_start[i] < lunch + lunch_len && m_end[i] > lunch)
			continue;
		m_start[keep] = m_start[i];
		m_end[keep] = m_end[i];
		keep++;
	}
	nm = keep;

	emit(&g, t, BUDGE_IN_UNLOCK, 0);
	emit(&g, t, BUDGE_IN_ACTIVE, 0);
	while (t < leave) {
		if (mi < nm && t >= m_start[mi]) {
			/* a meeting: sparse input, then back to work */
			emit(&g, t, BUDGE_IN_MEETING_START, 0);
			int32_t end = m_end[mi];
			while (t + 300 < end) {
				t += (int32_t)budge_rng_range(r, 60, 600);
				if (t >= end)
					break;
				emit(&g, t, BUDGE_IN_ACTIVE, 0);
				emit(&g, t, BUDGE_IN_IDLE, 0);
			}
			t = end > t ? end : t;
			emit(&g, t, BUDGE_IN_MEETING_END, 0);
			emit(&g, t, BUDGE_IN_ACTIVE, 0);
			mi++;
			continue;
		}
		/* a typing burst */
		int32_t burst = (int32_t)budge_rng_range(r, 3 * 60, 25 * 60);
		if (mi < nm && t + burst > m_start[mi])
			burst = m_start[mi] - t;
		t += burst > 0 ? burst : 1;
		if (t >= leave)
			break;
		if (mi < nm && t >= m_start[mi])
			continue;
		if (!lunch_done && t >= lunch) {
			emit(&g, t, BUDGE_IN_LOCK, 0);
			t += lunch_len;
			emit(&g, t, BUDGE_IN_UNLOCK, 0);
			emit(&g, t, BUDGE_IN_ACTIVE, 0);
			lunch_done = true;
			if (!walked && budge_rng_chance(r, 300)) {
				emit(&g, t, BUDGE_IN_WALK, budge_rng_range(r, 10, 25));
				walked = true;
			}
			continue;
		}
		int kind = (int)budge_rng_range(r, 0, 99);
		if (kind < 60) {
			/* thinking, reading: still sitting */
			emit(&g, t, BUDGE_IN_IDLE, 0);
			t += (int32_t)budge_rng_range(r, 15, 110);
			emit(&g, t, BUDGE_IN_ACTIVE, 0);
		} else if (kind < 85) {
			/* a short break without locking */
			emit(&g, t, BUDGE_IN_IDLE, 0);
			t += (int32_t)budge_rng_range(r, 120, 300);
			emit(&g, t, BUDGE_IN_ACTIVE, 0);
		} else {
			/* coffee, a chat: locked screen */
			emit(&g, t, BUDGE_IN_LOCK, 0);
			t += (int32_t)budge_rng_range(r, 4 * 60, 15 * 60);
			emit(&g, t, BUDGE_IN_UNLOCK, 0);
			emit(&g, t, BUDGE_IN_ACTIVE, 0);
		}
	}
	if (t > 86399 - 60)
		t = 86399 - 60;
	emit(&g, t, BUDGE_IN_LOCK, 0);
	return g.overflow ? -ENOBUFS : (int)g.n;
}

bool budge_synth_response(struct budge_rng *r, enum budge_prompt_kind kind,
			  enum budge_response *resp, int64_t *delay_s)
{
	int x = (int)budge_rng_range(r, 0, 999);
	*delay_s = budge_rng_range(r, 1, 90);
	if (x < 550)
		*resp = BUDGE_RESP_DONE;
	else if (x < 630)
		*resp = BUDGE_RESP_SNOOZE;
	else if (x < 730)
		*resp = BUDGE_RESP_SKIP;
	else if (x < 760 && kind == BUDGE_PROMPT_MICRO)
		*resp = BUDGE_RESP_TOO_HARD;
	else if (x < 765 && kind == BUDGE_PROMPT_MICRO)
		*resp = BUDGE_RESP_HURTS;
	else
		return false;
	return true;
}
