/* An old-style handler with SA_RESTORER returns to the program's own
 * `svc 119` (sigreturn), which reads the non-rt frame. */
#include "sig.h"

__asm__(".text\n.globl my_sigreturn\nmy_sigreturn:\n	svc 119\n");
void my_sigreturn(void);

static int count;

static void handler(int sig)
{
	count++;
	tok("sig", sig);
	tok_hex("mask_in", cur_mask());
}

int main(int argc, char **argv)
{
	struct ksigaction a = {
		.handler = (unsigned long)handler,
		.flags = KSA_RESTORER,
		.restorer = (unsigned long)my_sigreturn,
		.mask = SIGBIT(SIGINT),
	};
	syscall(SYS_rt_sigaction, SIGUSR1, &a, 0, 8);
	raise_sig(SIGUSR1);
	raise_sig(SIGUSR1);
	tok("count", count);
	tok_hex("mask_after", cur_mask());
	return 0;
}
