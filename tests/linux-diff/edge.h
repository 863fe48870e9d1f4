/*
 * What the *_edge_* cases share: the values every system call that takes
 * an address or a length is tried with (issue 16: 0, 1, the top of the
 * 64-bit space, its last page, an unaligned value and one far above
 * anything mapped), and their tokens ("write.buf.topp=-EFAULT"). A
 * result that is an address is never printed as such (tok_addr).
 */
#ifndef EDGE_H
#define EDGE_H

#include "mem.h"

#define EDGES 6

static const char *const edge_names[EDGES] = { "0", "1", "max", "topp", "unal", "high" };

/* Address number i: 0, 1, ~0, the last page of the space, `valid` + 1
 * (an unaligned pointer into something mapped), 2^62 (nothing there). */
NOLIBC_FN unsigned long edge_addr(int i, unsigned long valid)
{
	const unsigned long v[EDGES] = { 0, 1, ~0UL, -PAGE, valid + 1, 1UL << 62 };
	return v[i];
}

/* Length number i: 0, 1, ~0, the last page's start, a page and a byte
 * (unaligned), 2^62. */
NOLIBC_FN unsigned long edge_len(int i)
{
	const unsigned long v[EDGES] = { 0, 1, ~0UL, -PAGE, PAGE + 1, 1UL << 62 };
	return v[i];
}

/* "call.arg.name=result": a count, or an errno name. */
NOLIBC_FN void edge_tok(const char *call, const char *arg, int i, long r)
{
	char key[96];
	snprintf(key, sizeof key, "%s.%s.%s", call, arg, edge_names[i]);
	tok_raw(key, r);
}

/* As edge_tok for a result that may be an address: "at+0x0" when it is
 * `want`, "other" for another address, else the errno. */
NOLIBC_FN void edge_tok_addr(const char *call, const char *arg, int i, long r,
			     unsigned long want)
{
	char key[96];
	snprintf(key, sizeof key, "%s.%s.%s", call, arg, edge_names[i]);
	if (r < 0 && r > -4096)
		tok_raw(key, r);
	else if ((unsigned long)r == want)
		tok_rel(key, "at", want, (unsigned long)r);
	else
		printf("%s=other\n", key);
}

/* Runs fn(arg) in a child and prints how the child ended:
 * "key=exit N" or "key=signal N". */
NOLIBC_FN void edge_child(const char *key, void (*fn)(unsigned long), unsigned long arg)
{
	long pid = k_fork();
	if (pid == 0) {
		fn(arg);
		_exit_group(0);
	}
	int status = 0;
	if (pid < 0 || kwaitpid(pid, &status) != pid) {
		printf("%s=lost\n", key);
		return;
	}
	if ((status & 0x7f) == 0)
		printf("%s=exit %d\n", key, (status >> 8) & 0xff);
	else
		printf("%s=signal %d\n", key, status & 0x7f);
}

#endif
