/* SPDX-License-Identifier: MIT */
/* Answers typed at the coach's terminal (tty-answers.h). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "budge/i18n.h"
#include "log.h"
#include "tty-answers.h"

struct budge_tty_answers {
	sd_event_source *src;
	budge_tty_answer_fn cb;
	void *userdata;
	char line[128];
	size_t len;
	bool overlong; /* the current line went past the buffer: dropped */
};

static const struct {
	const char *letter, *word, *response;
} answers[] = {
    {"d", "done", "done"},         {"s", "snooze", "snooze"}, {"k", "skip", "skip"},
    {"t", "too-hard", "too-hard"}, {"h", "hurts", "hurts"},
};

const char *budge_tty_answer_parse(const char *line)
{
	char w[32];
	size_t n = 0;

	while (isspace((unsigned char)*line))
		line++;
	while (line[n] && !isspace((unsigned char)line[n]) && n < sizeof(w) - 1) {
		w[n] = line[n];
		n++;
	}
	w[n] = '\0';
	for (const char *p = line + n; *p; p++)
		if (!isspace((unsigned char)*p))
			return NULL; /* one word only */
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++)
		if (strcasecmp(w, answers[i].letter) == 0 || strcasecmp(w, answers[i].word) == 0)
			return answers[i].response;
	return NULL;
}

static void take_line(struct budge_tty_answers *t)
{
	const char *r;

	t->line[t->len] = '\0';
	if (!t->overlong && t->len) {
		if ((r = budge_tty_answer_parse(t->line)))
			t->cb(r, t->userdata);
		else
			printf(_("        '%s' is not an answer: %s\n"), t->line,
			       _(BUDGE_TTY_ANSWER_HINT));

		fflush(stdout);
	}
	t->len = 0;
	t->overlong = false;
}

static int on_input(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct budge_tty_answers *t = userdata;
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf));

	(void)revents;
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		log_info("the terminal's input ended: answer with the commands instead");
		sd_event_source_set_enabled(s, SD_EVENT_OFF);
		return 0;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			take_line(t);
		} else if (t->len < sizeof(t->line) - 1) {
			t->line[t->len++] = buf[i];
		} else {
			t->overlong = true;
		}
	}
	return 0;
}

int budge_tty_answers_create(sd_event *event, budge_tty_answer_fn cb, void *userdata,
                             struct budge_tty_answers **out)
{
	struct budge_tty_answers *t = calloc(1, sizeof(*t));
	int r;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->cb = cb;
	t->userdata = userdata;
	r = sd_event_add_io(event, &t->src, STDIN_FILENO, EPOLLIN, on_input, t);
	if (r < 0) {
		free(t);
		return r;
	}
	*out = t;
	return 0;
}

void budge_tty_answers_destroy(struct budge_tty_answers *t)
{
	if (!t)
		return;
	sd_event_source_disable_unref(t->src);
	free(t);
}
