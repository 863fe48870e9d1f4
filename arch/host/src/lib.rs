//! Software page tables and frames for running the generic `mm` on the host.
