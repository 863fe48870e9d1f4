/* wait4's option check: unknown bits (WNOWAIT, WEXITED, WSTOPPED's
 * alias WUNTRACED is fine, bit 4, bit 31 alone is __WCLONE) and INT_MIN,
 * checked before whether there are children. */
#include "proc.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	static const struct {
		const char *name;
		long pid;
		long opt;
	} c[] = {
		{ "wnowait", -1, 0x01000000 }, { "wexited", -1, 4 },    { "bit4", -1, 0x10 },
		{ "bit8", -1, 0x100 },         { "neg", -1, -1 },       { "int_min", -2147483648L, 0 },
		{ "int_min_bad", -2147483648L, 0x10 }, { "known", -1, WNOHANG | WUNTRACED | WCONTINUED | 0x20000000 },
		{ "wall", -1, __WALL | WNOHANG }, { "wclone", -1, __WCLONE | WNOHANG }, { "pid0", 0, 0 },
		{ "neg_group", -12345, 0 }, { "huge_pid", 0x7fffffff, 0 }, { "upper_bits", 0x100000000L - 1, WNOHANG },
	};
	/* With no child at all. */
	for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++)
		tok_ret(c[i].name, syscall(SYS_wait4, c[i].pid, 0, c[i].opt, 0));
	return 0;
}
