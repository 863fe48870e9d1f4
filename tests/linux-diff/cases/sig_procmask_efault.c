/* rt_sigprocmask's pointers: an unreadable set is EFAULT and changes
 * nothing; an unwritable oldset is EFAULT after the new mask is in
 * force. */
#include "sig.h"

int main(int argc, char **argv)
{
	unsigned long s = SIGBIT(SIGUSR1);
	tok_ret("bad_set", syscall(SYS_rt_sigprocmask, SIG_BLOCK, 16, 0, 8));
	tok_ret("bad_set_high", syscall(SYS_rt_sigprocmask, SIG_BLOCK, -8L, 0, 8));
	tok_hex("mask", cur_mask());
	tok_ret("bad_old", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, 16, 8));
	tok_hex("mask", cur_mask());
	tok_ret("bad_old_only", syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, 16, 8));
	tok_ret("bad_how_bad_set", syscall(SYS_rt_sigprocmask, 9, 16, 0, 8));
	return 0;
}
