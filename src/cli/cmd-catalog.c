/* SPDX-License-Identifier: MIT */
/* budge catalog: list, show and search the movement catalog. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "budge/catalog.h"
#include "budge/duration.h"
#include "budge/region.h"
#include "catalog-load.h"
#include "cli.h"
#include "budge/i18n.h"

#define SUB "catalog"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    _("Usage: budge catalog [list] [--region REGION] [--discreet] [--json]\n"
	    "       budge catalog show ID [--json | --ini]\n"
	    "       budge catalog search WORD... [--region REGION] [--discreet] [--json]\n"
	    "\n"
	    "List, show and search the movements budge can suggest: the built-in\n"
	    "catalog plus your own files in $XDG_CONFIG_HOME/budge/movements.d/*.ini\n"
	    "(see budge(5), MOVEMENT FILES). A bad entry in a file is reported with\n"
	    "file:line and skipped; the rest still loads.\n"
	    "\n"
	    "Actions:\n"
	    "  list            every movement, grouped by body region (the default)\n"
	    "  show ID         one movement: steps, dose, cadence, variants, cautions, evidence\n"
	    "  search WORD...  movements whose text contains every WORD (ignoring case)\n"
	    "\n"
	    "Options:\n"
	    "  -r, --region REGION  only this region: feet, pelvis, shoulders, neck, eyes,\n"
	    "                       hands, upper-back, lower-back, core, breathing, legs,\n"
	    "                       whole-body, patterns\n"
	    "  -d, --discreet       only movements that are fine on camera\n"
	    "  -j, --json           print JSON instead of text\n"
	    "      --ini            (show) print the movement as a movement-file section,\n"
	    "                       to copy into a drop-in file and edit\n"
	    "  -h, --help           show this help\n"
	    "\n"
	    "Exit status: 0 on success (also when nothing matches), 1 on a runtime\n"
	    "failure, 2 on a bad command line or an unknown movement ID.\n"));
}

/* ---- text helpers ------------------------------------------------------ */

static size_t utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Print s and pad with blanks to width columns (at least one blank). */
static void print_padded(const char *s, size_t width)
{
	size_t w = utf8_width(s);

	fputs(s, stdout);
	do
		putchar(' ');
	while (++w < width);
}

static size_t term_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col < 100 ? ws.ws_col : 100;
	return 80;
}

/* Print text word-wrapped to width; the first line continues whatever is
 * already printed at column col, later lines start at column indent. */
static void print_wrapped(const char *text, size_t col, size_t indent, size_t width)
{
	const char *p = text;
	bool first_word = true;

	while (*p) {
		size_t len = strcspn(p, " ");
		char word[512];
		size_t w;

		if (len == 0) {
			p++;
			continue;
		}
		if (len >= sizeof(word))
			len = sizeof(word) - 1;
		memcpy(word, p, len);
		word[len] = '\0';
		w = utf8_width(word);
		if (!first_word && col + 1 + w > width) {
			printf("\n%*s", (int)indent, "");
			col = indent;
		} else if (!first_word) {
			putchar(' ');
			col++;
		}
		fputs(word, stdout);
		col += w;
		first_word = false;
		p += len;
	}
	putchar('\n');
}

static void print_field(const char *label, const char *text, size_t width)
{
	const size_t indent = 12;

	if (!text)
		return;
	/* the label in the user's language, padded by characters */
	label = _(label);
	size_t w = utf8_width(label);
	printf("%s%*s", label, w < indent ? (int)(indent - w) : 1, "");
	print_wrapped(text, w < indent ? indent : w + 1, indent, width);
}

/* A variant's cue with its own dose, when it has one. */
static void print_variant(const char *label, const char *cue, const char *dose, size_t width)
{
	char buf[1024];

	if (cue && dose) {
		snprintf(buf, sizeof(buf), "%s (%s)", cue, dose);
		print_field(label, buf, width);
	} else {
		print_field(label, cue, width);
	}
}

/* ---- JSON -------------------------------------------------------------- */

static void json_string(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		switch (*c) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		default:
			if (*c < 0x20)
				printf("\\u%04x", *c);
			else
				putchar(*c);
		}
	}
	putchar('"');
}

static void json_movement(const struct budge_movement *m, const char *indent)
{
	char dur[32];
	bool first = true;

	budge_duration_format(m->cadence_s, dur, sizeof(dur));
	printf("{\n%s  \"id\": ", indent);
	json_string(m->id);
	printf(",\n%s  \"title\": ", indent);
	json_string(m->title);
	printf(",\n%s  \"region\": ", indent);
	json_string(budge_region_name(m->region));
	printf(",\n%s  \"positions\": [", indent);
	for (uint32_t bit = 1; bit <= BUDGE_POS_FLOOR; bit <<= 1) {
		if (!(m->positions & bit))
			continue;
		printf("%s", first ? "" : ", ");
		json_string(budge_position_name((enum budge_position)bit));
		first = false;
	}
	printf("],\n%s  \"discreet\": %s", indent, m->discreet ? "true" : "false");
	printf(",\n%s  \"default\": %s", indent, m->is_default ? "true" : "false");
	printf(",\n%s  \"cue\": ", indent);
	json_string(m->cue);
	printf(",\n%s  \"steps\": [", indent);
	for (size_t i = 0; i < m->n_steps; i++) {
		printf("%s\n%s    ", i ? "," : "", indent);
		json_string(m->steps[i]);
	}
	printf("\n%s  ],\n%s  \"hold_s\": %d", indent, indent, (int)m->hold_s);
	printf(",\n%s  \"cycles\": %d", indent, (int)m->cycles);
	printf(",\n%s  \"dose\": ", indent);
	json_string(m->dose);
	printf(",\n%s  \"cadence_s\": %lld", indent, (long long)m->cadence_s);
	printf(",\n%s  \"cadence\": ", indent);
	json_string(dur);
	printf(",\n%s  \"easier\": ", indent);
	json_string(m->easier);
	printf(",\n%s  \"easier_dose\": ", indent);
	json_string(m->easier_dose);
	printf(",\n%s  \"harder\": ", indent);
	json_string(m->harder);
	printf(",\n%s  \"harder_dose\": ", indent);
	json_string(m->harder_dose);
	printf(",\n%s  \"cautions\": ", indent);
	json_string(m->cautions);
	printf(",\n%s  \"evidence\": ", indent);
	json_string(m->evidence);
	printf(",\n%s  \"source\": ", indent);
	json_string(m->source);
	printf("\n%s}", indent);
}

static void json_list(const struct budge_movement *const *ms, size_t n)
{
	printf("[");
	for (size_t i = 0; i < n; i++) {
		printf("%s\n  ", i ? "," : "");
		json_movement(ms[i], "  ");
	}
	printf("%s]\n", n ? "\n" : "");
}

/* ---- human output ------------------------------------------------------ */

static void print_list(const struct budge_movement *const *ms, size_t n)
{
	size_t regions = 0;

	for (int r = 0; r < BUDGE_REGION_COUNT; r++) {
		size_t count = 0;

		for (size_t i = 0; i < n; i++)
			count += ms[i]->region == (enum budge_region)r;
		if (!count)
			continue;
		if (!regions) {
			/* TRANSLATORS: the list's column headings, in capitals */
			printf("  ");
			print_padded(_("ID"), 24);
			print_padded(_("TITLE"), 36);
			print_padded(_("EVERY"), 7);
			print_padded(_("POSITION"), 25);
			printf("%s\n\n", _("NOTES"));
		}
		printf("%s%s (%zu)\n", regions ? "\n" : "",
		       budge_region_title((enum budge_region)r), count);
		regions++;
		for (size_t i = 0; i < n; i++) {
			const struct budge_movement *m = ms[i];
			char pos[64], dur[32], flags[32];

			if (m->region != (enum budge_region)r)
				continue;
			budge_positions_format(m->positions, pos, sizeof(pos));
			budge_duration_format(m->cadence_s, dur, sizeof(dur));
			snprintf(flags, sizeof(flags), "%s%s%s", m->discreet ? _("discreet") : "",
				 m->discreet && !m->is_default ? ", " : "",
				 m->is_default ? "" : _("opt-in"));
			printf("  ");
			print_padded(m->id, 24);
			print_padded(m->title, 36);
			print_padded(dur, 7);
			if (*flags) {
				print_padded(pos, 25);
				printf("%s\n", flags);
			} else {
				printf("%s\n", pos);
			}
		}
	}
	/* TRANSLATORS: "%zu movements in %s." where %s is the next text: "3 regions" */
	char in_regions[64];
	snprintf(in_regions, sizeof(in_regions), P_("%zu region", "%zu regions", regions), regions);
	printf(P_("\n%zu movement in %s. 'budge catalog show ID' gives the steps.\n",
		  "\n%zu movements in %s. 'budge catalog show ID' gives the steps.\n", n),
	       n, in_regions);
}

static void print_movement(const struct budge_movement *m)
{
	size_t width = term_width();
	char pos[64], dur[32], buf[512];

	budge_positions_format(m->positions, pos, sizeof(pos));
	budge_duration_format(m->cadence_s, dur, sizeof(dur));

	printf("%s  [%s]\n\n", m->title, m->id);
	print_field(N_("Region"), budge_region_title(m->region), width);
	print_field(N_("Position"), pos, width);
	print_field(N_("Discreet"), m->discreet ? _("yes, fine on camera") : _("no, not during calls"),
		    width);
	print_field(N_("Default"),
		    m->is_default ? _("yes") : _("no, opt-in (see budge(5), MOVEMENT FILES)"), width);
	print_field(N_("Cue"), m->cue, width);
	printf("\n%s\n", _("Steps"));
	for (size_t i = 0; i < m->n_steps; i++) {
		int col = printf("  %zu. ", i + 1);
		print_wrapped(m->steps[i], (size_t)col, (size_t)col, width);
	}
	putchar('\n');
	if (m->hold_s > 0 || m->cycles > 0) {
		char hold[48] = "", cycles[32] = "";
		if (m->hold_s > 0) {
			budge_duration_format(m->hold_s, dur, sizeof(dur));
			snprintf(hold, sizeof(hold), _("hold %s"), dur);
		}
		if (m->cycles > 0)
			snprintf(cycles, sizeof(cycles), P_("%d round", "%d rounds", m->cycles),
				 (int)m->cycles);
		snprintf(buf, sizeof(buf), "%s (%s%s%s)", m->dose, hold,
		         *hold && *cycles ? ", " : "", cycles);
		print_field(N_("Dose"), buf, width);
	} else {
		print_field(N_("Dose"), m->dose, width);
	}
	budge_duration_format(m->cadence_s, dur, sizeof(dur));
	snprintf(buf, sizeof(buf), _("a set about every %s of sitting"), dur);
	print_field(N_("Cadence"), buf, width);
	print_variant(N_("Easier"), m->easier, m->easier_dose, width);
	print_variant(N_("Harder"), m->harder, m->harder_dose, width);
	print_field(N_("Cautions"), m->cautions, width);
	print_field(N_("Evidence"), m->evidence, width);
	print_field(N_("Source"), m->source, width);
}

/* The movement as a movement-file section, ready to copy into a drop-in. */
static void print_ini(const struct budge_movement *m)
{
	char pos[64], dur[32];

	budge_positions_format(m->positions, pos, sizeof(pos));
	printf("# from %s\n[%s]\n", m->source ? m->source : "?", m->id);
	printf("title = %s\nregion = %s\nposition = %s\n", m->title, budge_region_name(m->region),
	       pos);
	printf("discreet = %s\ndefault = %s\n", m->discreet ? "yes" : "no",
	       m->is_default ? "yes" : "no");
	printf("cue = %s\n", m->cue);
	for (size_t i = 0; i < m->n_steps; i++)
		printf("step = %s\n", m->steps[i]);
	if (m->hold_s > 0) {
		budge_duration_format(m->hold_s, dur, sizeof(dur));
		printf("hold = %s\n", dur);
	}
	if (m->cycles > 0)
		printf("cycles = %d\n", (int)m->cycles);
	budge_duration_format(m->cadence_s, dur, sizeof(dur));
	printf("dose = %s\ncadence = %s\n", m->dose, dur);
	if (m->easier)
		printf("easier = %s\n", m->easier);
	if (m->easier_dose)
		printf("easier_dose = %s\n", m->easier_dose);
	if (m->harder)
		printf("harder = %s\n", m->harder);
	if (m->harder_dose)
		printf("harder_dose = %s\n", m->harder_dose);
	if (m->cautions)
		printf("cautions = %s\n", m->cautions);
	printf("evidence = %s\n", m->evidence);
}

/* ---- command ----------------------------------------------------------- */

static void diag_print(const struct budge_catalog_diag *d, void *userdata)
{
	(void)userdata;
	fprintf(stderr, _("budge catalog: warning: %s: %s\n"), d->where, d->message);
}

struct opts {
	bool json;
	bool ini;
	bool discreet;
	bool has_region;
	enum budge_region region;
};

static bool keep(const struct opts *o, const struct budge_movement *m)
{
	if (o->has_region && m->region != o->region)
		return false;
	if (o->discreet && !m->discreet)
		return false;
	return true;
}

static int unknown_id(const struct budge_catalog *cat, const char *id)
{
	size_t hints = 0;

	cli_error(SUB, _("no movement with the ID '%s'; 'budge catalog list' shows every ID"), id);
	for (size_t i = 0; i < cat->n && hints < 5; i++) {
		if (strstr(cat->items[i].id, id) != NULL) {
			fprintf(stderr, "%s '%s'", hints ? "," : _("  did you mean"),
			        cat->items[i].id);
			hints++;
		}
	}
	if (hints)
		fputs("?\n", stderr);
	return BUDGE_EXIT_USAGE;
}

/* -r/--region VALUE (or --region=VALUE) at argv[*i] into o. */
static int parse_region(int argc, char **argv, int *i, struct opts *o)
{
	const char *a = argv[*i], *val;

	if (a[1] == '-' && a[8] == '=') {
		val = a + 9;
	} else if (*i + 1 < argc) {
		val = argv[++*i];
	} else {
		cli_error(SUB, _("%s needs a region name; see 'budge catalog --help'"), a);
		return BUDGE_EXIT_USAGE;
	}
	if (budge_region_parse(val, &o->region) < 0) {
		cli_error(SUB,
		          _("unknown region '%s'; expected one of feet, pelvis, shoulders, "
		          "neck, eyes, hands, upper-back, lower-back, core, breathing, "
		          "legs, whole-body, patterns"),
		          val);
		return BUDGE_EXIT_USAGE;
	}
	o->has_region = true;
	return BUDGE_EXIT_OK;
}

/* Options anywhere, the first other word is the action, the rest go into
 * pos (argc + 1 entries). */
static int parse_args(int argc, char **argv, struct opts *o, const char **action, char **pos,
                      size_t *n_pos)
{
	bool no_more_opts = false;
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (no_more_opts || a[0] != '-' || a[1] == '\0') {
			if (!*action)
				*action = a;
			else
				pos[(*n_pos)++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			no_more_opts = true;
		} else if (strcmp(a, "-j") == 0 || strcmp(a, "--json") == 0) {
			o->json = true;
		} else if (strcmp(a, "--ini") == 0) {
			o->ini = true;
		} else if (strcmp(a, "-d") == 0 || strcmp(a, "--discreet") == 0) {
			o->discreet = true;
		} else if (strcmp(a, "-r") == 0 || strcmp(a, "--region") == 0 ||
		           strncmp(a, "--region=", 9) == 0) {
			if ((ret = parse_region(argc, argv, &i, o)) != BUDGE_EXIT_OK)
				return ret;
		} else {
			cli_error(SUB, _("unknown option '%s'; see 'budge catalog --help'"), a);
			return BUDGE_EXIT_USAGE;
		}
	}
	if (!*action)
		*action = "list";
	return BUDGE_EXIT_OK;
}

/* The action's arguments and the options that go with it. */
static int check_action(const char *action, const struct opts *o, char **pos, size_t n_pos)
{
	const char *bad = NULL;

	if (o->ini && strcmp(action, "show") != 0)
		bad = _("--ini goes with 'show ID' only");
	else if (strcmp(action, "list") == 0) {
		if (n_pos) {
			cli_error(SUB, _("'list' takes no arguments, found '%s'"), pos[0]);
			return BUDGE_EXIT_USAGE;
		}
	} else if (strcmp(action, "show") == 0) {
		if (n_pos != 1)
			bad = _("'show' needs exactly one movement ID, e.g. 'budge catalog show "
				"pelvic-tilt'");
		else if (o->has_region || o->discreet || (o->ini && o->json))
			bad = _("'show' takes no --region or --discreet, and one of --json and --ini");
	} else if (strcmp(action, "search") == 0) {
		if (n_pos == 0)
			bad = _("'search' needs at least one word, e.g. 'budge catalog search wrist'");
	} else {
		cli_error(SUB, _("unknown action '%s'; expected list, show or search"), action);
		return BUDGE_EXIT_USAGE;
	}
	if (bad) {
		cli_error(SUB, "%s", bad);
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

/* catalog show ID */
static int show_one(const struct budge_catalog *cat, const struct opts *o, const char *id)
{
	const struct budge_movement *m = budge_catalog_find(cat, id);
	if (!m)
		return unknown_id(cat, id);
	if (o->json) {
		json_movement(m, "");
		putchar('\n');
	} else if (o->ini) {
		print_ini(m);
	} else {
		print_movement(m);
	}
	return BUDGE_EXIT_OK;
}

/* catalog list / search WORD...: the movements the options and words keep. */
static int list_some(const struct budge_catalog *cat, const struct opts *o, char **pos,
                     size_t n_pos)
{
	const struct budge_movement **sel = calloc(cat->n + 1, sizeof(*sel));
	size_t n_sel = 0;

	if (!sel) {
		cli_error(SUB, _("out of memory"));
		return BUDGE_EXIT_FAILURE;
	}
	for (size_t i = 0; i < cat->n; i++) {
		const struct budge_movement *m = &cat->items[i];
		if (!keep(o, m))
			continue;
		if (n_pos && !budge_movement_matches(m, (const char *const *)pos, n_pos))
			continue;
		sel[n_sel++] = m;
	}
	if (o->json)
		json_list(sel, n_sel);
	else if (n_sel == 0)
		printf(_("No movement matches.\n"));
	else
		print_list(sel, n_sel);
	free(sel);
	return BUDGE_EXIT_OK;
}

int cmd_catalog(int argc, char **argv)
{
	struct opts o = {.json = false};
	const char *action = NULL;
	char **pos = NULL;
	size_t n_pos = 0;
	struct budge_catalog cat;
	int ret, r;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	budge_catalog_init(&cat);
	pos = calloc((size_t)argc + 1, sizeof(*pos));
	if (!pos) {
		cli_error(SUB, _("out of memory"));
		return BUDGE_EXIT_FAILURE;
	}
	if ((ret = parse_args(argc, argv, &o, &action, pos, &n_pos)) != BUDGE_EXIT_OK ||
	    (ret = check_action(action, &o, pos, n_pos)) != BUDGE_EXIT_OK)
		goto out;
	r = budge_catalog_load(&cat, diag_print, NULL);
	if (r < 0) {
		cli_error(SUB, _("cannot load the catalog: %s"), strerror(-r));
		ret = BUDGE_EXIT_FAILURE;
		goto out;
	}
	if (strcmp(action, "show") == 0)
		ret = show_one(&cat, &o, pos[0]);
	else
		ret = list_some(&cat, &o, pos, n_pos);
out:
	if (fflush(stdout) != 0 && ret == BUDGE_EXIT_OK) {
		cli_error(SUB, _("cannot write the output: %s"), strerror(errno));
		ret = BUDGE_EXIT_FAILURE;
	}
	free(pos);
	budge_catalog_finish(&cat);
	return ret;
}
