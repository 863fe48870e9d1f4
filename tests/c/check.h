/*
 * The checks the glibc test programs print, one line each, in a form both
 * kernels' outputs can be compared by: "<program>: ok <what>" or
 * "<program>: FAIL <what>". A program sets check_prefix to its name and
 * exits with check_failures != 0 when anything failed.
 */
#ifndef CHECK_H
#define CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *check_prefix = "check";
static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s %s\n", check_prefix, ok ? "ok" : "FAIL", what);
	if (!ok)
		failures++;
}

/* A call that must fail with `err`. */
static void fails(long r, int err, const char *what)
{
	char line[160];
	snprintf(line, sizeof line, "%s: -1 %s", what, strerrorname_np(err));
	if (r != -1 || errno != err)
		printf("%s:   (got %ld, errno %s)\n", check_prefix, r,
		       r == -1 ? strerrorname_np(errno) : "-");
	check(r == -1 && errno == err, line);
}

#endif
