/* sigaltstack's checks: unknown mode EINVAL, below MINSIGSTKSZ ENOMEM
 * (not for SS_DISABLE), unreadable new EFAULT; an unwritable old gives
 * EFAULT after the new stack is set. */
#include "sig.h"

int main(int argc, char **argv)
{
	unsigned long alt = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);
	stack_t s = { .ss_sp = (void *)alt, .ss_flags = 3, .ss_size = 4 * PAGE };
	tok_ret("mode3", syscall(SYS_sigaltstack, &s, 0));
	s.ss_flags = 0x40000000;
	tok_ret("flag30", syscall(SYS_sigaltstack, &s, 0));
	s.ss_flags = 0;
	s.ss_size = 2047;
	tok_ret("small", syscall(SYS_sigaltstack, &s, 0));
	s.ss_size = 2048;
	tok_ret("min", syscall(SYS_sigaltstack, &s, 0));
	s.ss_flags = KSS_DISABLE;
	s.ss_size = 1;
	tok_ret("disable_small", syscall(SYS_sigaltstack, &s, 0));
	tok_ret("bad_new", syscall(SYS_sigaltstack, 16, 0));
	tok_ret("bad_new_high", syscall(SYS_sigaltstack, -4096L, 0));
	s.ss_flags = 0;
	s.ss_size = 3 * PAGE;
	tok_ret("bad_old", syscall(SYS_sigaltstack, &s, 16));
	stack_t o;
	tok_ret("query", syscall(SYS_sigaltstack, 0, &o));
	tok("size", (long)o.ss_size);
	tok("flags", o.ss_flags);
	return 0;
}
