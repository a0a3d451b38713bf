/* SPDX-License-Identifier: MIT */
/*
 * `budge checkin`: the weekly self-check (the three questions of the seed),
 * a 0-10 pain rating and the red-flag screen; the answers adjust the plan
 * through kv keys (documented in store.h and budge(1)).
 * `budge checkin --setup`: first-run setup (statement, safety screen,
 * starting regions, work hours).
 * `budge checkin --clear-red-flags`: resume coaching after a clinician.
 *
 * Interactive by default (line by line from stdin, so it can be piped);
 * with answer options it never reads stdin.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "budge/config.h"
#include "budge/region.h"
#include "cli-args.h"
#include "cli-store.h"
#include "cli.h"
#include "config-file.h"
#include "paths.h"
#include "budge/i18n.h"
#include "checkin-checklist.h"

/* Pain change that counts as real for low back pain (NPRS, evidence.md §3.5). */
#define PAIN_MCID 2

enum flag_class { FLAG_EMERGENCY = 'A', FLAG_URGENT = 'B', FLAG_REVIEW = 'C' };

struct red_flag {
	const char *id;
	enum flag_class cls;
	const char *text;
};

/* evidence.md §3.4 (A, B) and the seeds' triggers (C), in our own words. */
static const struct red_flag red_flags[] = {
    {"saddle-numbness", FLAG_EMERGENCY,
     N_("numbness or pins and needles around the genitals, inner thighs, back passage or "
     "buttocks, or feeling less when wiping")},
    {"bladder", FLAG_EMERGENCY,
     N_("new trouble starting or stopping urine, leaking, not feeling when the bladder is "
     "full, or not being able to pass urine")},
    {"bowel", FLAG_EMERGENCY, N_("not being able to hold or feel a bowel movement, or leaking")},
    {"sexual", FLAG_EMERGENCY,
     N_("a new change in erection or ejaculation, or less feeling in the genitals during sex")},
    {"both-legs", FLAG_EMERGENCY,
     N_("back pain with pain, numbness or weakness in both legs, or leg weakness that is "
     "getting worse (for example a dropping foot)")},
    {"cancer", FLAG_URGENT,
     N_("a history of cancer, weight loss you cannot explain, being over 50 with a new "
     "episode of back pain, or pain that is constant, worse at night, or no better after "
     "about a month")},
    {"infection", FLAG_URGENT,
     N_("fever, chills or night sweats; a recent bacterial infection; injecting drugs; a "
     "weakened immune system; or recent spine surgery or a spinal procedure")},
    {"fracture", FLAG_URGENT,
     N_("a hard fall or injury (or a small one with osteoporosis), or taking steroid tablets "
     "for a long time")},
    {"thoracic", FLAG_URGENT, N_("pain in the middle of the back, between the shoulder blades")},
    {"unwell", FLAG_URGENT,
     N_("feeling generally unwell, or a visible change in the shape of your spine")},
    {"neuro", FLAG_URGENT, N_("numbness, tingling or weakness that is spreading or getting worse")},
    {"swelling", FLAG_REVIEW, N_("swelling around a sore area")},
    {"numbness", FLAG_REVIEW, N_("numbness or tingling in one area that does not go away")},
    {"range", FLAG_REVIEW, N_("losing range of movement: something that used to move no longer does")},
    {"persisting", FLAG_REVIEW, N_("pain that stays although you do the movements regularly")},
};
#define N_FLAGS (sizeof(red_flags) / sizeof(red_flags[0]))

static const char *const not_medical =
    N_("budge is not a medical device. It reminds you to move during desk work and\n"
    "suggests simple movements; it does not diagnose or treat anything and does not\n"
    "replace advice from a doctor or physiotherapist. If a movement hurts, stop it.\n");

static const char *const emergency_advice =
    N_("\n*** Please get medical help today. ***\n"
    "What you reported can be a sign of pressure on the nerves at the bottom of the\n"
    "spine (cauda equina syndrome), which needs to be checked urgently. Go to an\n"
    "emergency department or call your local emergency number now; do not wait to\n"
    "see whether it passes.\n"
    "budge has stopped all movement coaching. After a clinician has seen you, run\n"
    "'budge checkin --clear-red-flags' to start again.\n");

static const char *const urgent_advice =
    N_("\nPlease see a doctor or physiotherapist soon, before you go on with the\n"
    "movements for the affected area. What you reported is not necessarily serious,\n"
    "but it should be checked by someone who can examine you.\n");

static const char *const review_advice =
    N_("\nConsider having a physiotherapist or occupational-health professional look at\n"
    "this. Micro-movements help prevent stiffness; they are not a treatment, and\n"
    "they should not replace therapy you were given.\n");

/* ---- answers --------------------------------------------------------- */

struct answers {
	int tightness;   /* 1 yes, 0 no, -1 unanswered */
	int cues_noise;  /* 1 noise, 0 effective, -1 */
	int natural;     /* 1 yes, 0 no, -1 */
	int pain;        /* 0..10, -1 */
	int flags_given; /* red flags answered */
	bool flag[N_FLAGS];
	budge_region_mask flag_regions; /* regions affected by B flags */
	bool flag_regions_given;
};

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	size_t i = 0;
	while (s[i] && isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

static int parse_yes_no(const char *s)
{
	return checkin_parse_yes_no(s);
}

static int parse_cues(const char *s)
{
	/* TRANSLATORS: "effective"/"e", "noise"/"n": answers typed at the
	 * question whether the cues still work */
	if (checkin_is_answer(s, N_("effective"), N_("e")))
		return 0;
	if (checkin_is_answer(s, N_("noise"), N_("n")) || !strcasecmp(s, "background"))
		return 1;
	return -1;
}

static int parse_pain(const char *s)
{
	int v = 0;
	if (!*s || strlen(s) > 2)
		return -1;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= 10 ? v : -1;
}

/* The four weekly questions, in the order they are asked; each can also be
 * answered with its option. */
static const struct question {
	const char *option;         /* "--tightness" */
	size_t field;               /* the int in struct answers */
	int (*parse)(const char *); /* the value, or -1 */
	const char *expected;       /* "--OPTION: expected ..." */
	const char *please;         /* "Please answer ..." */
	const char *prompt;
} questions[] = {
    {"--tightness", offsetof(struct answers, tightness), parse_yes_no, N_("yes or no"),
     N_("yes or no"), N_("1. After a full day, do you notice tightness that persists? [yes/no]: ")},
    {"--cues", offsetof(struct answers, cues_noise), parse_cues, N_("effective or noise"),
     N_("effective or noise"),
     N_("2. Do the movement cues still work, or have they become background noise? "
     "[effective/noise]: ")},
    {"--natural", offsetof(struct answers, natural), parse_yes_no, N_("yes or no"), N_("yes or no"),
     N_("3. Have the new movements started to feel natural? [yes/no]: ")},
    {"--pain", offsetof(struct answers, pain), parse_pain, N_("a whole number from 0 to 10"),
     N_("with a whole number from 0 to 10"),
     N_("4. Pain right now, from 0 (none) to 10 (worst imaginable)? [0-10]: ")},
};
#define N_QUESTIONS (sizeof(questions) / sizeof(questions[0]))

static int *answer_of(struct answers *ans, const struct question *q)
{
	return (int *)((char *)ans + q->field);
}

static int flag_index(const char *id)
{
	for (size_t i = 0; i < N_FLAGS; i++)
		if (!strcasecmp(id, red_flags[i].id))
			return (int)i;
	return -1;
}

/* "none" or comma-separated flag ids. On error writes a message. */
static int parse_flag_list(const char *s, bool out[N_FLAGS], char *msg, size_t len)
{
	char buf[512], *save = NULL;

	memset(out, 0, N_FLAGS * sizeof(out[0]));
	if (!strcasecmp(s, "none"))
		return 0;
	if (strlen(s) >= sizeof(buf) || !*s) {
		snprintf(msg, len, _("expected 'none' or a comma-separated list of flag names"));
		return -EINVAL;
	}
	memcpy(buf, s, strlen(s) + 1);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		trim(w);
		int i = flag_index(w);
		if (i < 0) {
			snprintf(msg, len,
			         _("unknown red flag '%s' (expected 'none' or names from "
			         "'budge checkin --help')"),
			         w);
			return -EINVAL;
		}
		out[i] = true;
	}
	return 0;
}

static void mask_names(budge_region_mask m, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (m == BUDGE_REGION_ALL) {
		snprintf(buf, len, "all");
		return;
	}
	for (int r = 0; r < BUDGE_REGION_COUNT; r++) {
		if (!(m & (1u << r)))
			continue;
		int n = snprintf(buf + off, len - off, "%s%s", off ? "," : "",
		                 budge_region_name((enum budge_region)r));
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
}

/* ---- interactive input ------------------------------------------------ */

struct asker {
	FILE *in;
	char *line;
	size_t cap;
	const char *sub; /* the command the user ran, for messages */
};

/* Prints the prompt and reads one trimmed line. -1 on end of input. */
static int ask_line(struct asker *a, const char *prompt)
{
	fputs(prompt, stdout);
	fflush(stdout);
	ssize_t n = getline(&a->line, &a->cap, a->in);
	if (n < 0) {
		putchar('\n');
		return -1;
	}
	trim(a->line);
	return 0;
}

/* The checklist's line reader (checkin-checklist.h) over an asker. */
static int read_answer(void *ctx, const char *prompt, const char **line)
{
	struct asker *a = ctx;

	if (ask_line(a, prompt) < 0)
		return -1;
	*line = a->line;
	return 0;
}

/* Ask until parse() accepts; returns its value, or -2 at end of input. */
static int ask(struct asker *a, const char *prompt, int (*parse)(const char *),
               const char *expected)
{
	for (;;) {
		if (ask_line(a, prompt) < 0)
			return -2;
		int v = parse(a->line);
		if (v >= 0)
			return v;
		printf(_("  Please answer %s (you typed '%s').\n"), expected, a->line);
	}
}

/* "  N. text" wrapped at 78 columns, continuation lines indented. */
static void print_wrapped(int n, const char *text)
{
	int col = printf("  %d. ", n), indent = col;
	const char *p = text;

	while (*p) {
		size_t w = strcspn(p, " ");
		if (col > indent && col + 1 + (int)w > 78) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, w, stdout);
		col += (int)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	putchar('\n');
}

/* Numbers of the listed flags of one class, or "none". */
static int ask_flags(struct asker *a, enum flag_class cls, const char *intro, bool out[N_FLAGS])
{
	int map[N_FLAGS], n = 0;

	printf("\n%s\n", intro);
	for (size_t i = 0; i < N_FLAGS; i++) {
		if (red_flags[i].cls != cls)
			continue;
		map[n++] = (int)i;
		print_wrapped(n, _(red_flags[i].text));
	}
	for (;;) {
		if (ask_line(a, _("Which of these apply to you now? Numbers (e.g. 1,3) or 'none': ")) <
		    0)
			return -2;
		if (!strcasecmp(a->line, "none") || parse_yes_no(a->line) == 0 ||
		    /* TRANSLATORS: the answer "none" to the safety questions */
		    !strcasecmp(a->line, _("none")) || !strcmp(a->line, "0"))
			return 0;
		bool ok = *a->line != '\0', pick[N_FLAGS] = {false};
		char *save = NULL;
		for (char *w = strtok_r(a->line, ", ", &save); w && ok;
		     w = strtok_r(NULL, ", ", &save)) {
			int v = parse_pain(w); /* a small whole number */
			if (v < 1 || v > n)
				ok = false;
			else
				pick[map[v - 1]] = true;
		}
		if (ok) {
			int count = 0;
			for (size_t i = 0; i < N_FLAGS; i++) {
				if (pick[i]) {
					out[i] = true;
					count++;
				}
			}
			return count;
		}
		printf(
		    _("  Please answer with numbers from 1 to %d separated by commas, or 'none'.\n"),
		    n);
	}
}

static int parse_regions_answer(const char *s, budge_region_mask *m)
{
	size_t bad = 0;
	return budge_region_parse_list(s, m, &bad) < 0 || *m == 0 ? -1 : 0;
}

/* The A/B/C screen. Returns 0, or -2 at end of input. Stops after A when
 * an emergency sign is reported: nothing else matters then. */
static int screen_interactive(struct asker *a, struct answers *ans)
{
	int r;

	ans->flags_given = 1;
	r = ask_flags(a, FLAG_EMERGENCY,
		      _("Safety questions. First, signs that need a doctor the same day:"), ans->flag);
	if (r < 0)
		return r;
	if (r > 0)
		return 0;
	r = ask_flags(a, FLAG_URGENT,
		      _("Signs that should be checked by a clinician before you go on:"), ans->flag);
	if (r < 0)
		return r;
	if (r > 0 && !(r == 1 && ans->flag[flag_index("thoracic")])) {
		for (;;) {
			if (ask_line(a, _("Which body region does it affect? (e.g. lower-back, neck, "
					  "'all') [lower-back]: ")) < 0)
				return -2;
			if (!*a->line) {
				ans->flag_regions = 1u << BUDGE_REGION_LOWER_BACK;
				break;
			}
			if (parse_regions_answer(a->line, &ans->flag_regions) == 0)
				break;
			printf(
			    _("  '%s' is not a region. Regions: feet, pelvis, shoulders, neck, eyes, "
			    "hands, upper-back, lower-back, core, breathing, legs, whole-body, "
			    "patterns, or 'all'.\n"),
			    a->line);
		}
		ans->flag_regions_given = true;
	}
	r = ask_flags(a, FLAG_REVIEW, _("Last, things worth showing a physiotherapist:"), ans->flag);
	return r < 0 ? r : 0;
}

/* ---- saving ----------------------------------------------------------- */

static bool any_flag(const struct answers *ans, enum flag_class cls)
{
	for (size_t i = 0; i < N_FLAGS; i++)
		if (ans->flag[i] && red_flags[i].cls == cls)
			return true;
	return false;
}

/* The regions the urgent flags stop: the ones named (default lower back),
 * plus the upper back for mid-back pain. */
static budge_region_mask urgent_regions(const struct answers *ans)
{
	budge_region_mask m = 0;
	bool other = false;

	for (size_t i = 0; i < N_FLAGS; i++) {
		if (!ans->flag[i] || red_flags[i].cls != FLAG_URGENT)
			continue;
		if (!strcmp(red_flags[i].id, "thoracic"))
			m |= 1u << BUDGE_REGION_UPPER_BACK;
		else
			other = true;
	}
	if (other)
		m |= ans->flag_regions_given ? ans->flag_regions : 1u << BUDGE_REGION_LOWER_BACK;
	return m;
}

static int take_value(const struct budge_log_entry *e, void *ud)
{
	*(int64_t *)ud = e->value;
	return 0;
}

#define TRY(expr)                                                                                  \
	do {                                                                                       \
		int r_ = (expr);                                                                   \
		if (r_ < 0) {                                                                      \
			err = r_;                                                                  \
			goto fail;                                                                 \
		}                                                                                  \
	} while (0)

/* Red flags: events, kv, advice. Inside the caller's transaction. */
static int save_flags(struct budge_store *s, const struct answers *ans, int64_t now)
{
	char regions[256], existing[256];
	int err = 0;

	for (size_t i = 0; i < N_FLAGS; i++) {
		if (!ans->flag[i])
			continue;
		budge_region_mask m = 0;
		if (!strcmp(red_flags[i].id, "thoracic"))
			m = 1u << BUDGE_REGION_UPPER_BACK;
		else if (red_flags[i].cls == FLAG_URGENT)
			m = ans->flag_regions_given ? ans->flag_regions
			                            : 1u << BUDGE_REGION_LOWER_BACK;
		mask_names(m, regions, sizeof(regions));
		struct budge_log_entry e = {
		    .ts = now,
		    .kind = BUDGE_LOG_REDFLAG,
		    .text = red_flags[i].id,
		    .region = red_flags[i].cls == FLAG_EMERGENCY ? "all"
		              : m                                ? regions
		                                                 : NULL,
		    .value = red_flags[i].cls - FLAG_EMERGENCY + 1, /* 1 A, 2 B, 3 C */
		};
		int64_t id = budge_store_append(s, &e);
		if (id < 0)
			return (int)id;
	}
	if (any_flag(ans, FLAG_EMERGENCY)) {
		TRY(budge_store_set(s, "coaching.stopped", "redflag-emergency"));
		/* also every region, for readers that only know redflag.regions */
		TRY(budge_store_set(s, "redflag.regions", "all"));
	} else if (any_flag(ans, FLAG_URGENT)) {
		budge_region_mask m = urgent_regions(ans);
		if (budge_store_get(s, "redflag.regions", existing, sizeof(existing)) >= 0) {
			budge_region_mask old = 0;
			size_t bad;
			if (budge_region_parse_list(existing, &old, &bad) == 0)
				m |= old;
		}
		mask_names(m, regions, sizeof(regions));
		TRY(budge_store_set(s, "redflag.regions", regions));
	}
	if (any_flag(ans, FLAG_REVIEW))
		TRY(budge_store_set(s, "advice.physio", "1"));
	return 0;
fail:
	return err;
}

static void print_flag_advice(struct budge_store *s, const struct answers *ans)
{
	if (any_flag(ans, FLAG_EMERGENCY)) {
		fputs(_(emergency_advice), stdout);
		return;
	}
	if (any_flag(ans, FLAG_URGENT)) {
		char regions[256];
		mask_names(urgent_regions(ans), regions, sizeof(regions));
		fputs(_(urgent_advice), stdout);
		printf(_("budge will not coach %s until you run 'budge checkin --clear-red-flags'.\n"),
		       !strcmp(regions, "all") ? _("any region") : regions);
	}
	if (any_flag(ans, FLAG_REVIEW))
		fputs(_(review_advice), stdout);
}

static void flag_ids_json(const struct answers *ans, char *buf, size_t len)
{
	size_t off = 0;
	int n = snprintf(buf, len, "[");
	off = (size_t)n;
	for (size_t i = 0; i < N_FLAGS && off < len; i++) {
		if (!ans->flag[i])
			continue;
		n = snprintf(buf + off, len - off, "%s\"%s\"", off > 1 ? "," : "", red_flags[i].id);
		if (n < 0)
			break;
		off += (size_t)n;
	}
	if (off < len)
		snprintf(buf + off, len - off, "]");
}

static int save_checkin(struct budge_store *s, const struct answers *ans)
{
	int64_t now = (int64_t)time(NULL), before = -1;
	char json[1024], flags[512], val[32];
	bool emergency = any_flag(ans, FLAG_EMERGENCY);
	int err = 0;

	/* baseline: the previous check-in's rating, else the last logged one */
	if (budge_store_last(s, BUDGE_LOG_CHECKIN, now + 1, take_value, &before) == -ENOENT)
		budge_store_last(s, BUDGE_LOG_PAIN, now + 1, take_value, &before);
	int rise = before >= 0 && ans->pain >= 0 ? ans->pain - (int)before : 0;
	bool paused = ans->tightness == 1 && rise >= PAIN_MCID;
	bool step_down = rise >= PAIN_MCID;
	bool hold = ans->natural == 0;
	bool rotate = ans->cues_noise == 1;

	flag_ids_json(ans, flags, sizeof(flags));
	/* on an emergency the plan keys are left alone: coaching stops */
	if (emergency)
		paused = step_down = hold = rotate = false;
	snprintf(json, sizeof(json),
	         "{\"tightness\":%s,\"cues\":\"%s\",\"natural\":%s,\"pain\":%d,"
	         "\"pain_before\":%" PRId64 ",\"red_flags\":%s,\"coaching_stopped\":%s,"
	         "\"plan_paused\":%s,\"step_down\":%s,\"hold\":%s,\"rotate_cues\":%s}",
	         ans->tightness ? "true" : "false", ans->cues_noise ? "noise" : "effective",
	         ans->natural ? "true" : "false", ans->pain, before, flags,
	         emergency ? "true" : "false", paused ? "true" : "false",
	         step_down ? "true" : "false", hold ? "true" : "false", rotate ? "true" : "false");

	TRY(budge_store_begin(s));
	struct budge_log_entry e = {
	    .ts = now,
	    .kind = BUDGE_LOG_CHECKIN,
	    .value = ans->pain >= 0 ? ans->pain : -1,
	    .text = json,
	};
	int64_t id = budge_store_append(s, &e);
	if (id < 0) {
		err = (int)id;
		goto fail;
	}
	TRY(save_flags(s, ans, now));
	snprintf(val, sizeof(val), "%" PRId64, now);
	TRY(budge_store_set(s, "checkin.last", val));
	if (!emergency) {
		snprintf(val, sizeof(val), "%d", ans->pain);
		TRY(budge_store_set(s, "pain.last", val));
		TRY(budge_store_set(s, "plan.paused", paused ? "1" : "0"));
		TRY(budge_store_set(s, "plan.step_down", step_down ? "1" : "0"));
		TRY(budge_store_set(s, "plan.hold", hold ? "1" : "0"));
		TRY(budge_store_set(s, "cues.rotate", rotate ? "1" : "0"));
	}
	TRY(budge_store_commit(s));

	if (emergency) {
		print_flag_advice(s, ans);
		return 0;
	}
	printf(_("\nCheck-in saved. Pain %d/10"), ans->pain);
	if (before >= 0)
		printf(_(" (last time %lld/10)"), (long long)before);
	printf(".\n");
	if (paused)
		printf(
		    _("- Tightness persists and pain rose by %d points: the plan is paused (no new\n"
		    "  regions, no longer walks) until a check-in without that pattern.\n"),
		    rise);
	if (step_down)
		printf(_("- Movements step down to their easier variants for now.\n"));
	if (hold && !paused)
		printf(_("- The new movements do not feel natural yet: no new region this week.\n"));
	if (rotate)
		printf(_("- Cues turned into background noise: budge will vary wording and "
		       "movements.\n"));
	if (!paused && !step_down && !hold && !rotate)
		printf(_("- Everything on track: the plan continues as scheduled.\n"));
	if (ans->pain >= 7)
		printf(_("- Pain of %d/10 is high. If it does not settle, see a clinician.\n"),
		       ans->pain);
	print_flag_advice(s, ans);
	return 0;
fail:
	budge_store_rollback(s);
	return err;
}

/* ---- setup ------------------------------------------------------------ */

struct setup {
	const char *regions;    /* option value or NULL */
	const char *work_hours; /* option value or NULL */
};

static int write_config(const char *path, const char *regions, const char *hours)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	int r = budge_mkdir_p(dir, 0700);
	if (r < 0)
		return r;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -errno;
	}
	/* TRANSLATORS: comment lines of the config file: each starts with "# " */
	fputs(_("# budge configuration, written by 'budge checkin --setup'.\n"
		"# Every key and its default: 'budge config --defaults'; see budge(5).\n"),
	      f);
	fprintf(f, "\n[general]\nwork_hours = %s\n\n[plan]\nstart_regions = %s\n", hours, regions);
	if (fclose(f) != 0)
		return -errno;
	return 0;
}

/* One setup answer for [section] key: the option's value (given), or the
 * current value def when not interactive, or asked with def as the
 * default, until the config accepts it (validate: the whole config must
 * also stay valid). On success *cfg holds it and out (len bytes) its text,
 * and BUDGE_EXIT_OK is returned; -1 at the end of input; BUDGE_EXIT_USAGE
 * after printing "budge checkin: OPTION: problem" for a bad given value. */
static int setup_value(struct asker *a, bool interactive, const char *given, const char *def,
                       const char *question, const char *section, const char *key,
                       bool validate, const char *option, struct budge_config *cfg, char *out,
                       size_t len)
{
	struct budge_config check;
	struct budge_config_error cerr = {0};
	const char *v = given;

	for (;;) {
		if (!v && !interactive)
			v = def;
		if (!v) {
			char prompt[512];
			snprintf(prompt, sizeof(prompt), "%s [%s]: ", question, def);
			if (ask_line(a, prompt) < 0)
				return -1;
			v = *a->line ? a->line : def;
		}
		check = *cfg;
		if (budge_config_set(&check, section, key, v, &cerr) == 0 &&
		    (!validate || budge_config_validate(&check, &cerr) == 0))
			break;
		if (!interactive) {
			cli_error(a->sub, "%s: %s", option, cerr.message);
			return BUDGE_EXIT_USAGE;
		}
		printf("  %s\n", cerr.message);
		v = NULL;
	}
	*cfg = check;
	budge_config_get(cfg, section, key, out, len);
	return BUDGE_EXIT_OK;
}

/* The starting regions, never one the safety questions just named (it is
 * not coached until a clinician has seen it): asked again, or refused
 * (BUDGE_EXIT_USAGE) when not interactive. As setup_value otherwise. */
static int ask_regions(struct asker *a, bool interactive, const char *given, const char *def,
                       const struct answers *ans, struct budge_config *cfg, char *out,
                       size_t len)
{
	for (;;) {
		int r = setup_value(a, interactive, given, def,
				    _("\nWhich body region(s) would you like to start with? One "
				      "more joins each week.\n(feet, pelvis, shoulders, neck, eyes, "
				      "hands, upper-back, lower-back, core, breathing, legs,\n"
				      "whole-body, patterns; comma-separated)"),
		                    "plan", "start_regions", true, "--regions", cfg, out, len);
		budge_region_mask bad = cfg->plan_start_regions & ans->flag_regions;
		if (r != BUDGE_EXIT_OK || !bad)
			return r;
		char names[256];
		mask_names(bad, names, sizeof(names));
		if (!interactive) {
			cli_error(a->sub,
			          _("--regions: %s came up in the safety questions and is not coached "
			          "until a clinician has seen it; choose other regions"),
			          names);
			return BUDGE_EXIT_USAGE;
		}
		printf(_("  %s came up in the safety questions: it is not coached until a "
		       "clinician has seen it. Choose other regions.\n"),
		       names);
		given = NULL;
		def = "feet";
		if (ans->flag_regions & (1u << BUDGE_REGION_FEET))
			def = "breathing";
	}
}

/* The checklist, offered before the regions question: its "no" answers
 * propose the starting regions (none that the safety questions named).
 * The answers are in cl_ans (cl->n of them) for the caller to store with
 * the setup; proposal gets "" when it was declined or found nothing. -1
 * at the end of input. */
static int offer_checklist(struct asker *a, const struct budge_checklist *cl,
			   budge_region_mask blocked, int *cl_ans, char *proposal, size_t len)
{
	const char *line;

	proposal[0] = '\0';
	for (;;) {
		if (read_answer(a, _("\nNot sure where to start? A short checklist of yes/no "
				     "questions can choose\nfor you. Answer it? [yes/no]: "),
				&line) < 0)
			return -1;
		int v = *line ? checkin_parse_yes_no(line) : 1;
		if (v == 0)
			return 0;
		if (v == 1)
			break;
		printf(_("  Please answer yes or no.\n"));
	}
	if (checklist_ask_all(cl, read_answer, a, cl_ans) < 0)
		return -1;
	checklist_regions_text(cl, cl_ans, blocked, 2, proposal, len);
	if (*proposal)
		printf(_("\nYour 'no' answers point at: %s. Press Enter to take them, or type "
			 "others.\n"),
		       proposal);
	else
		printf(_("\nNo 'no' answer: when unsure, start with moving the spine.\n"));
	return 0;
}

static int run_setup(struct budge_store *s, struct asker *a, const struct setup *opt,
                     struct answers *ans, bool interactive, struct budge_checklist *cl)
{
	struct budge_config cfg;
	struct budge_config_error cerr = {0};
	char cfg_path[4096], regions[256], hours[256], val[32], msg[256];
	bool have_config;
	struct stat st;
	int err = 0;

	if (budge_config_default_path(cfg_path, sizeof(cfg_path)) < 0) {
		cli_error(a->sub,
		          _("cannot find the config directory: set HOME or XDG_CONFIG_HOME"));
		return BUDGE_EXIT_CONFIG;
	}
	have_config = stat(cfg_path, &st) == 0;
	if (budge_config_load(NULL, &cfg, &cerr) < 0) {
		budge_config_error_print(stderr, &cerr);
		return BUDGE_EXIT_CONFIG;
	}
	char def_regions[256], def_hours[256];
	budge_config_get(&cfg, "plan", "start_regions", def_regions, sizeof(def_regions));
	budge_config_get(&cfg, "general", "work_hours", def_hours, sizeof(def_hours));

	fputs(_(not_medical), stdout);
	if (interactive) {
		if (screen_interactive(a, ans) < 0)
			goto eof;
	}
	/* cl: the caller's, opened here and finished by the caller */
	int cl_ans[64];
	char proposal[256] = "";
	for (size_t i = 0; i < 64; i++)
		cl_ans[i] = 2;
	if (interactive && !opt->regions && !any_flag(ans, FLAG_EMERGENCY) &&
	    checklist_open(a->sub, cl) == BUDGE_EXIT_OK && cl->n <= 64) {
		if (offer_checklist(a, cl, ans->flag_regions, cl_ans, proposal, sizeof(proposal)) < 0)
			goto eof;
	}
	if (!any_flag(ans, FLAG_EMERGENCY)) {
		int r = ask_regions(a, interactive, opt->regions, *proposal ? proposal : def_regions,
				    ans, &cfg, regions, sizeof(regions));
		if (r < 0)
			goto eof;
		if (r != BUDGE_EXIT_OK)
			return r;

		r = setup_value(a, interactive, opt->work_hours, def_hours,
				_("\nWhen do you usually work? budge only prompts then.\n"
				  "(e.g. 'Mon-Fri 09:00-17:30', 'always')"),
		                "general", "work_hours", false, "--work-hours", &cfg, hours,
		                sizeof(hours));
		if (r < 0)
			goto eof;
		if (r != BUDGE_EXIT_OK)
			return r;
	}

	/* save */
	int64_t now = (int64_t)time(NULL);
	time_t tnow = (time_t)now;
	struct tm tm;
	char today[16];
	localtime_r(&tnow, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	TRY(budge_store_begin(s));
	TRY(save_flags(s, ans, now));
	TRY(checklist_store_all(s, cl, cl_ans, now));
	TRY(budge_store_set(s, "setup.done", "1"));
	snprintf(val, sizeof(val), "%" PRId64, now);
	TRY(budge_store_set(s, "setup.ts", val));
	if (!any_flag(ans, FLAG_EMERGENCY)) {
		if (budge_store_get(s, "plan.start", msg, sizeof(msg)) == -ENOENT)
			TRY(budge_store_set(s, "plan.start", today));
		TRY(budge_store_set(s, "plan.start_regions", regions));
		struct budge_log_entry e = {
		    .ts = now, .kind = BUDGE_LOG_PLAN, .text = "setup", .region = regions};
		int64_t id = budge_store_append(s, &e);
		if (id < 0) {
			err = (int)id;
			goto fail;
		}
	}
	TRY(budge_store_commit(s));

	if (any_flag(ans, FLAG_EMERGENCY)) {
		print_flag_advice(s, ans);
		return BUDGE_EXIT_OK;
	}
	printf(_("\nSetup saved. Week 1 starts with: %s. Work hours: %s.\n"), regions, hours);
	if (!have_config) {
		int r = write_config(cfg_path, regions, hours);
		if (r < 0) {
			cli_error(a->sub, _("%s: cannot write the config file: %s"), cfg_path,
			          strerror(-r));
			return BUDGE_EXIT_CONFIG;
		}
		printf(_("Wrote these choices to %s (edit it any time; see budge(5)).\n"), cfg_path);
	} else if (strcmp(regions, def_regions) != 0 || strcmp(hours, def_hours) != 0) {
		printf(_("Your config file %s stays as it is and takes precedence.\n"
			 "To use these answers, set there:\n"),
		       cfg_path);
		printf("  [general] work_hours = %s\n  [plan] start_regions = %s\n", hours, regions);
	}
	print_flag_advice(s, ans);
	return BUDGE_EXIT_OK;
eof:
	cli_error(a->sub, _("input ended before setup was complete; nothing was saved"));
	return BUDGE_EXIT_USAGE;
fail:
	budge_store_rollback(s);
	cli_error(a->sub, _("%s: cannot save the setup: %s"), budge_store_path(s), strerror(-err));
	return BUDGE_EXIT_STORE;
}

/* ---- the command -------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(
	    f,
	    _("Usage: budge checkin [ANSWERS]\n"
	    "       budge checkin --setup [--regions LIST] [--work-hours SPEC] [--red-flags ...]\n"
	    "       budge checkin --checklist\n"
	    "       budge checkin --clear-red-flags\n\n"
	    "The weekly check-in: three questions about the past week, a pain rating from\n"
	    "0 to 10, one question of the where-to-start checklist, and safety questions.\n"
	    "The answers adjust the plan. Without ANSWERS the questions are asked one by\n"
	    "one on the terminal (or read from stdin).\n\n"
	    "Answers (all five needed when any is given):\n"
	    "  --tightness yes|no        tightness that persists after a full day?\n"
	    "  --cues effective|noise    are the cues still effective, or background noise?\n"
	    "  --natural yes|no          have the new movements started to feel natural?\n"
	    "  --pain N                  pain now, 0 (none) to 10 (worst imaginable)\n"
	    "  --red-flags none|LIST     safety answers, comma-separated names:\n"
	    "      same day (stops all coaching): saddle-numbness, bladder, bowel, sexual,\n"
	    "          both-legs\n"
	    "      see a clinician (stops the region): cancer, infection, fracture,\n"
	    "          thoracic, unwell, neuro\n"
	    "      physiotherapy review: swelling, numbness, range, persisting\n"
	    "  --flag-region LIST        region(s) the clinician flags concern\n"
	    "                            (default lower-back; thoracic is upper-back)\n\n"
	    "Setup (also offered at first start):\n"
	    "  --setup                   not-a-medical-device statement, safety questions,\n"
	    "                            the where-to-start checklist (its 'no' answers\n"
	    "                            propose the starting regions), starting regions\n"
	    "                            and work hours; writes a config file only when\n"
	    "                            none exists\n"
	    "  --regions LIST            starting regions (setup)\n"
	    "  --work-hours SPEC         e.g. 'Mon-Fri 09:00-17:30' (setup)\n\n"
	    "  --checklist               the where-to-start checklist: every question, then\n"
	    "                            what to start with from the 'no' answers\n"
	    "  --clear-red-flags         resume coaching after a clinician has seen you\n"
	    "  --db FILE                 the database (default $XDG_DATA_HOME/budge/budge.db)\n"
	    "  -h, --help                show this help\n"));
}

static int clear_flags(struct budge_store *s)
{
	int64_t now = (int64_t)time(NULL);
	int err = 0;

	TRY(budge_store_begin(s));
	TRY(budge_store_unset(s, "coaching.stopped"));
	TRY(budge_store_unset(s, "redflag.regions"));
	TRY(budge_store_unset(s, "advice.physio"));
	struct budge_log_entry e = {.ts = now, .kind = BUDGE_LOG_REDFLAG, .text = "cleared"};
	int64_t id = budge_store_append(s, &e);
	if (id < 0) {
		err = (int)id;
		goto fail;
	}
	TRY(budge_store_commit(s));
	printf(_("Red flags cleared: coaching resumes for every region of your plan.\n"
	       "If any of those signs come back, stop and get them checked again.\n"));
	return BUDGE_EXIT_OK;
fail:
	budge_store_rollback(s);
	cli_error("checkin", _("%s: cannot clear the red flags: %s"), budge_store_path(s),
	          strerror(-err));
	return BUDGE_EXIT_STORE;
}

enum {
	OPT_TIGHT = 256, /* OPT_TIGHT..OPT_PAIN: questions[] in order */
	OPT_CUES,
	OPT_NATURAL,
	OPT_PAIN,
	OPT_FLAGS,
	OPT_FLAG_REGION,
	OPT_SETUP,
	OPT_REGIONS,
	OPT_HOURS,
	OPT_CLEAR,
	OPT_CHECKLIST,
	OPT_DB
};
_Static_assert(OPT_PAIN - OPT_TIGHT + 1 == N_QUESTIONS, "one option per question");

/* What the command line asked for. */
struct checkin_args {
	const char *db;
	struct answers ans;
	struct setup setup;
	bool do_setup, do_clear, do_checklist;
	int answers_given;
};

/* One option (getopt's c, optarg) into a. */
static int set_option(const char *sub, int c, const char *arg, struct checkin_args *a)
{
	char msg[256];

	switch (c) {
	case OPT_TIGHT:
	case OPT_CUES:
	case OPT_NATURAL:
	case OPT_PAIN: {
		const struct question *q = &questions[c - OPT_TIGHT];
		int *v = answer_of(&a->ans, q);
		if ((*v = q->parse(arg)) < 0) {
			cli_error(sub, _("%s: expected %s, got '%s'"), q->option, _(q->expected), arg);
			return BUDGE_EXIT_USAGE;
		}
		a->answers_given++;
		break;
	}
	case OPT_FLAGS:
		if (parse_flag_list(arg, a->ans.flag, msg, sizeof(msg)) < 0) {
			cli_error(sub, _("--red-flags: %s"), msg);
			return BUDGE_EXIT_USAGE;
		}
		a->ans.flags_given = 1;
		a->answers_given++;
		break;
	case OPT_FLAG_REGION:
		if (parse_regions_answer(arg, &a->ans.flag_regions) < 0) {
			cli_error(sub,
			          _("--flag-region: expected region names (e.g. lower-back,neck) "
			          "or 'all', got '%s'"),
			          arg);
			return BUDGE_EXIT_USAGE;
		}
		a->ans.flag_regions_given = true;
		break;
	case OPT_SETUP: a->do_setup = true; break;
	case OPT_REGIONS: a->setup.regions = arg; break;
	case OPT_HOURS: a->setup.work_hours = arg; break;
	case OPT_CLEAR: a->do_clear = true; break;
	case OPT_CHECKLIST: a->do_checklist = true; break;
	case OPT_DB: a->db = arg; break;
	}
	return BUDGE_EXIT_OK;
}

static int parse_args(int argc, char **argv, struct checkin_args *a)
{
	static const struct option opts[] = {
	    {"tightness", required_argument, NULL, OPT_TIGHT},
	    {"cues", required_argument, NULL, OPT_CUES},
	    {"natural", required_argument, NULL, OPT_NATURAL},
	    {"pain", required_argument, NULL, OPT_PAIN},
	    {"red-flags", required_argument, NULL, OPT_FLAGS},
	    {"flag-region", required_argument, NULL, OPT_FLAG_REGION},
	    {"setup", no_argument, NULL, OPT_SETUP},
	    {"regions", required_argument, NULL, OPT_REGIONS},
	    {"work-hours", required_argument, NULL, OPT_HOURS},
	    {"clear-red-flags", no_argument, NULL, OPT_CLEAR},
	    {"checklist", no_argument, NULL, OPT_CHECKLIST},
	    {"db", required_argument, NULL, OPT_DB},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *sub = argv[0];
	int c;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == ':' || c == '?' || c == 'h') /* 'h' cannot come: cli_wants_help */
			return cli_bad_option(sub, c, argv);
		if (set_option(sub, c, optarg, a) != BUDGE_EXIT_OK)
			return BUDGE_EXIT_USAGE;
	}
	return cli_no_more_args(sub, argc, argv);
}

/* Options that do not go together. */
static int check_combination(const char *sub, const struct checkin_args *a)
{
	const char *bad = NULL;

	if (a->do_clear && (a->do_setup || a->answers_given))
		bad = _("--clear-red-flags takes no other options");
	else if (a->do_checklist && (a->do_setup || a->do_clear || a->answers_given ||
				     a->setup.regions || a->setup.work_hours))
		bad = _("--checklist takes no other options (it asks its questions in the terminal)");
	else if ((a->setup.regions || a->setup.work_hours) && !a->do_setup)
		bad = _("--regions and --work-hours belong to --setup");
	else if (a->do_setup && a->answers_given > (a->ans.flags_given ? 1 : 0))
		bad = _("--setup asks no weekly questions; of the answers only --red-flags applies");
	else if (a->ans.flag_regions_given && !a->ans.flags_given)
		bad = _("--flag-region needs --red-flags");

	if (bad) {
		cli_error(sub, "%s", bad);
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

/* Scripted (answers as options): every answer must be there. */
static int check_scripted(const char *sub, struct checkin_args *a)
{
	const char *missing[N_QUESTIONS + 1];
	int n = 0;

	if (a->do_setup) {
		if (a->ans.flags_given)
			return BUDGE_EXIT_OK;
		cli_error(sub, _("scripted setup needs the safety answers: --red-flags none|LIST"));
		return BUDGE_EXIT_USAGE;
	}
	for (size_t i = 0; i < N_QUESTIONS; i++)
		if (*answer_of(&a->ans, &questions[i]) < 0)
			missing[n++] = questions[i].option;
	if (!a->ans.flags_given)
		missing[n++] = "--red-flags";
	if (!n)
		return BUDGE_EXIT_OK;
	char list[128] = "";
	for (int i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
		         missing[i]);
	cli_error(sub, _("answers given as options need all five; missing: %s"), list);
	return BUDGE_EXIT_USAGE;
}

/* One question of the checklist in rotation (checklist_next); *item is
 * its index in cl (-1: none asked) and *answer 1, 0 or 2 (skipped). -1
 * when the input ended. */
static int ask_checklist_item(struct budge_store *s, struct asker *a,
			      const struct budge_checklist *cl, int *item, int *answer)
{
	*item = checklist_next(s, cl);
	if (*item < 0)
		return 0;
	printf(_("\nFrom the where-to-start checklist ('budge checkin --checklist' asks them "
		 "all):\n"));
	*answer = checklist_ask(&cl->items[*item], *item + 1, (int)cl->n, read_answer, a);
	return *answer < 0 ? -1 : 0;
}

/* The weekly questions in the terminal; -1 when the input ended. */
static int ask_weekly(struct budge_store *s, struct asker *a, struct answers *ans,
		      const struct budge_checklist *cl, int *item, int *answer)
{
	char stopped[64];

	if (budge_store_get(s, "coaching.stopped", stopped, sizeof(stopped)) >= 0)
		printf(_("Note: coaching is stopped because of an emergency sign you reported.\n"
		       "If you have not been seen by a clinician yet, please do so "
		       "today.\n\n"));
	if (budge_setup_needed(s) == 1)
		printf(_("Tip: 'budge checkin --setup' chooses your starting regions and work "
		       "hours.\n\n"));
	printf(_("Weekly check-in. Answer each question and press Enter.\n\n"));
	for (size_t i = 0; i < N_QUESTIONS; i++) {
		const struct question *q = &questions[i];
		int *v = answer_of(ans, q);
		if ((*v = ask(a, _(q->prompt), q->parse, _(q->please))) < 0)
			return -1;
	}
	if (ask_checklist_item(s, a, cl, item, answer) < 0)
		return -1;
	return screen_interactive(a, ans) < 0 ? -1 : 0;
}

/* budge checkin --checklist */
static int run_checklist(struct budge_store *s, struct asker *a)
{
	struct budge_checklist cl;
	int ex = checklist_open(a->sub, &cl);

	if (ex != BUDGE_EXIT_OK)
		return ex;
	int *ans = calloc(cl.n ? cl.n : 1, sizeof(*ans));
	if (!ans) {
		budge_checklist_finish(&cl);
		cli_error(a->sub, _("out of memory"));
		return BUDGE_EXIT_FAILURE;
	}
	ex = checklist_run_all(a->sub, s, &cl, read_answer, a, ans);
	if (ex < 0) {
		cli_error(a->sub, _("input ended before the checklist was complete; nothing was saved"));
		ex = BUDGE_EXIT_USAGE;
	}
	free(ans);
	budge_checklist_finish(&cl);
	return ex;
}

int cmd_checkin(int argc, char **argv)
{
	const char *sub = argv[0];
	struct checkin_args ca = {
	    .ans = {.tightness = -1, .cues_noise = -1, .natural = -1, .pain = -1}};
	int ex;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	if ((ex = parse_args(argc, argv, &ca)) != BUDGE_EXIT_OK ||
	    (ex = check_combination(sub, &ca)) != BUDGE_EXIT_OK)
		return ex;
	bool scripted =
	    ca.answers_given > 0 || (ca.do_setup && (ca.setup.regions || ca.setup.work_hours));
	if (scripted && (ex = check_scripted(sub, &ca)) != BUDGE_EXIT_OK)
		return ex;

	struct budge_store *s;
	ex = budge_cli_store_open(sub, ca.db, BUDGE_STORE_CREATE, &s);
	if (ex != BUDGE_EXIT_OK)
		return ex;
	struct asker a = {.in = stdin, .sub = sub};
	struct budge_checklist cl;
	int item = -1, answer = 2;
	budge_checklist_init(&cl);
	if (ca.do_clear) {
		ex = clear_flags(s);
	} else if (ca.do_checklist) {
		ex = run_checklist(s, &a);
	} else if (ca.do_setup) {
		ex = run_setup(s, &a, &ca.setup, &ca.ans, !scripted, &cl);
	} else if (!scripted && ((ex = checklist_open(sub, &cl)) != BUDGE_EXIT_OK ||
				 ask_weekly(s, &a, &ca.ans, &cl, &item, &answer) < 0)) {
		if (ex == BUDGE_EXIT_OK) {
			cli_error(sub,
				  _("input ended before the check-in was complete; nothing was saved"));
			ex = BUDGE_EXIT_USAGE;
		}
	} else {
		int r = save_checkin(s, &ca.ans);
		if (r >= 0 && item >= 0 && answer != 2)
			r = checklist_store(s, &cl.items[item], answer, (int64_t)time(NULL));
		if (r < 0) {
			cli_error(sub, _("%s: cannot save the check-in: %s"), budge_store_path(s),
			          strerror(-r));
			ex = BUDGE_EXIT_STORE;
		}
	}
	budge_checklist_finish(&cl);
	free(a.line);
	budge_store_close(s);
	return ex;
}
