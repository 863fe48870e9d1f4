//! `make bench`: boots the `faultbench` user program on this kernel and on
//! Debian's Linux 6.1 in the same QEMU with the same options, under plain
//! TCG and under `-icount shift=0,sleep=off`, and reports per-event costs
//! side by side: tables on stdout, CSV files and SVG charts in the output
//! directory (default `target/bench/`).
//!
//! `--arch riscv64` measures the riscv64 kernel alone: there is no Linux
//! riscv64 peer here, and the report says so.
//!
//! This kernel's column is "unavailable (reason)" when the kernel did not
//! build; the Linux column is empty, with the reason, when the pinned
//! package cannot be fetched. Neither makes the run fail. A crash, failure
//! or timeout of either kernel's boot does: the message names the console
//! log.

mod chart;
mod initramfs;
mod linux;
mod qemu;
mod results;

use qemu::{Arch, Boot, Mode};
use results::{icount_goal, key_stats, Run, Stats, EVENTS};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const USAGE: &str = "usage: faultbench-run --program FAULTBENCH_ELF --kernel KERNEL_ELF|none
    [--arch s390x|riscv64] [--out DIR] [--boots N] [--timeout SECONDS] [--args 'size=64M vmas=1']
    [--no-linux] [--no-scaling]";

/// Memory for the main runs (issue 7: `-m 512`).
const MEM_MIB: u32 = 512;
/// Memory for the scaling runs: the 512 MiB region needs its pages, a
/// child's copies of them and the kernel's own.
const SCALING_MEM_MIB: u32 = 2048;
/// Region size and VMA count of each scaling run (icount mode).
const SCALING: [(&str, u64); 6] = [
    ("4M", 1),
    ("64M", 1),
    ("512M", 1),
    ("64M", 10),
    ("64M", 1000),
    ("64M", 10000),
];

struct Opts {
    arch: Arch,
    program: PathBuf,
    kernel: Option<PathBuf>,
    out: PathBuf,
    boots: usize,
    timeout: Duration,
    args: String,
    linux: bool,
    scaling: bool,
}

fn parse_opts() -> Result<Opts, String> {
    let mut o = Opts {
        arch: Arch::S390x,
        program: PathBuf::new(),
        kernel: None,
        out: PathBuf::from("target/bench"),
        boots: 3,
        timeout: Duration::from_secs(300),
        args: "size=64M vmas=1".into(),
        linux: true,
        scaling: true,
    };
    let mut kernel_given = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--program" => o.program = val()?.into(),
            "--arch" => {
                let v = val()?;
                o.arch = Arch::from_name(&v).ok_or(format!("--arch {v}: s390x or riscv64"))?;
            }
            "--kernel" => {
                let v = val()?;
                kernel_given = true;
                o.kernel = (v != "none").then(|| v.into());
            }
            "--out" => o.out = val()?.into(),
            "--boots" => {
                o.boots = val()?
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or("--boots: a positive number")?
            }
            "--timeout" => {
                let s: u64 = val()?.parse().map_err(|_| "--timeout: seconds")?;
                o.timeout = Duration::from_secs(s);
            }
            "--args" => o.args = val()?,
            "--no-linux" => o.linux = false,
            "--no-scaling" => o.scaling = false,
            "-h" | "--help" => return Err(USAGE.into()),
            _ => return Err(format!("unknown argument {a:?}\n{USAGE}")),
        }
    }
    if o.program.as_os_str().is_empty() || !kernel_given {
        return Err(USAGE.into());
    }
    Ok(o)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    This,
    Linux,
}

/// One side of the comparison.
struct Side {
    kind: Kind,
    name: String,
    kernel: Option<PathBuf>,
    initrd: PathBuf,
    append_prefix: &'static str,
    /// `Err(reason)` once the side is unavailable.
    status: Result<(), String>,
    runs: BTreeMap<&'static str, Vec<Run>>,
    scaling: Vec<(String, Run)>,
}

impl Side {
    fn slug(&self) -> &'static str {
        match self.kind {
            Kind::This => "this",
            Kind::Linux => "linux",
        }
    }

    fn runs(&self, mode: Mode) -> &[Run] {
        self.runs.get(mode.name()).map_or(&[], |v| v.as_slice())
    }
}

/// Boots `side` once. `Ok(None)`: this kernel could not run the program
/// (the side is now unavailable); `Err`: a failure that fails the run.
fn boot_once(
    side: &mut Side,
    mode: Mode,
    args: &str,
    mem_mib: u32,
    tag: &str,
    opts: &Opts,
) -> Result<Option<Run>, String> {
    let Some(kernel) = side.kernel.clone() else {
        return Ok(None);
    };
    let logs = opts.out.join("logs");
    fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let log = logs.join(format!("{}-{}-{tag}.log", side.slug(), mode.name()));
    let boot = Boot {
        arch: opts.arch,
        kernel: &kernel,
        initrd: &side.initrd,
        append: format!("{} -- {args}", side.append_prefix),
        mode,
        mem_mib,
    };
    eprint!("bench: {} {} {tag} ({args}) ... ", side.name, mode.name());
    let o = qemu::run(&boot, opts.timeout, &log)
        .map_err(|e| format!("cannot run {}: {e}", opts.arch.qemu()))?;
    eprintln!("{:.1} s", o.wall.as_secs_f64());
    let run = results::parse(&o.lines, o.wall);
    let where_ = format!("log: {}", log.display());
    if o.timed_out {
        return Err(format!(
            "{} {} {tag}: timed out after {} s; {where_}",
            side.name,
            mode.name(),
            opts.timeout.as_secs()
        ));
    }
    let mut problems = Vec::new();
    if !run.errors.is_empty() {
        problems.push(format!("the benchmark reported: {}", run.errors.join("; ")));
    }
    if run.began.is_none() {
        problems.push("the program never started (no `faultbench=begin` line)".into());
    } else if run.ended.is_none() {
        problems.push("the program did not finish (no `faultbench=end` line)".into());
    }
    if let Some(f) = o.failure(opts.timeout) {
        problems.push(f);
    }
    if problems.is_empty() {
        return Ok(Some(run));
    }
    // A boot that crashes or fails fails the run, on either side (issue
    // 7): a number from a broken run would be worse than none.
    let why = format!("{}; {where_}", problems.join("; "));
    Err(format!("{} {} {tag}: {why}", side.name, mode.name()))
}

fn main() -> ExitCode {
    let opts = match parse_opts() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match bench(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench(opts: &Opts) -> Result<(), String> {
    fs::create_dir_all(&opts.out).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let program =
        fs::read(&opts.program).map_err(|e| format!("{}: {e}", opts.program.display()))?;

    // This kernel: the program is the raw ELF initrd (issue 6, item 4).
    let this_status = match &opts.kernel {
        None => Err("the kernel was not built (see the build output above)".to_string()),
        Some(k) if !k.exists() => Err(format!("no kernel image at {}", k.display())),
        Some(_) => Ok(()),
    };
    let this = Side {
        kind: Kind::This,
        name: "this kernel".into(),
        kernel: opts.kernel.clone().filter(|_| this_status.is_ok()),
        initrd: opts.program.clone(),
        append_prefix: "loglevel=error",
        status: this_status,
        runs: BTreeMap::new(),
        scaling: Vec::new(),
    };

    // Linux: the pinned Debian image with the program as /init.
    let initramfs = opts.out.join("initramfs.cpio");
    let cpio = initramfs::build(&program);
    fs::write(&initramfs, cpio).map_err(|e| format!("{}: {e}", initramfs.display()))?;
    let peer = if opts.arch != Arch::S390x {
        Err(format!(
            "there is no Linux {} peer here (the pinned Linux 6.1 is Debian's s390x kernel)",
            opts.arch.name()
        ))
    } else if opts.linux {
        linux::fetch(&opts.out.join("linux"))
    } else {
        Err("--no-linux given".into())
    };
    let (linux_kernel, linux_label, linux_status) = match peer {
        Ok(p) => (Some(p.vmlinuz), p.label, Ok(())),
        Err(why) => {
            eprintln!("bench: the Linux peer is unavailable: {why}");
            let label = match opts.arch {
                Arch::S390x => debpin::pins::LINUX.label(),
                Arch::Riscv64 => "none for riscv64".into(),
            };
            (None, label, Err(why))
        }
    };
    let linux = Side {
        kind: Kind::Linux,
        name: "Linux".into(),
        kernel: linux_kernel,
        initrd: initramfs,
        // ttysclp0 is the SCLP line-mode console QEMU's -nographic shows.
        append_prefix: "console=ttysclp0 quiet",
        status: linux_status,
        runs: BTreeMap::new(),
        scaling: Vec::new(),
    };

    let mut sides = [this, linux];
    for mode in Mode::ALL {
        for b in 1..=opts.boots {
            for side in sides.iter_mut() {
                if side.status.is_err() {
                    continue;
                }
                let tag = format!("boot{b}");
                if let Some(run) = boot_once(side, mode, &opts.args, MEM_MIB, &tag, opts)? {
                    side.runs.entry(mode.name()).or_default().push(run);
                }
            }
        }
    }
    if opts.scaling {
        for (size, vmas) in SCALING {
            for side in sides.iter_mut() {
                if side.status.is_err() {
                    continue;
                }
                let args = format!("size={size} vmas={vmas}");
                let tag = format!("scale-{size}-{vmas}");
                let mode = Mode::Icount;
                if let Some(run) = boot_once(side, mode, &args, SCALING_MEM_MIB, &tag, opts)? {
                    side.scaling.push((args, run));
                }
            }
        }
    }

    let meta = Meta {
        date: today(),
        arch: opts.arch,
        qemu: qemu::version(opts.arch),
        linux: linux_label,
        boots: opts.boots,
        args: opts.args.clone(),
    };
    let report = report(&sides, &meta);
    print!("{report}");
    let out = &opts.out;
    write(&out.join("report.txt"), &report)?;
    write(&out.join("summary.csv"), &summary_csv(&sides))?;
    write(&out.join("runs.csv"), &runs_csv(&sides))?;
    write(&out.join("scaling.csv"), &scaling_csv(&sides))?;
    draw_charts(&sides, &meta, out)?;
    println!(
        "\nfiles: {0}/report.txt, {0}/summary.csv, {0}/runs.csv, {0}/scaling.csv, \
         {0}/ratios.svg, {0}/costs.svg, {0}/scaling.svg, logs in {0}/logs/",
        out.display()
    );
    Ok(())
}

fn write(path: &Path, s: &str) -> Result<(), String> {
    fs::write(path, s).map_err(|e| format!("{}: {e}", path.display()))
}

struct Meta {
    arch: Arch,
    date: String,
    qemu: String,
    linux: String,
    boots: usize,
    args: String,
}

/// Today's UTC date as YYYY-MM-DD (days-to-civil conversion).
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil(secs / 86_400)
}

fn civil(days: u64) -> String {
    // Howard Hinnant's days_from_civil inverse, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn fmt_stats(s: Option<Stats>) -> String {
    match s {
        Some(s) if s.min == s.max => format!("{:.1}", s.median),
        Some(s) => format!("{:.1} [{:.1}..{:.1}]", s.median, s.min, s.max),
        None => "-".into(),
    }
}

fn ratio(this: Option<Stats>, linux: Option<Stats>) -> Option<f64> {
    match (this, linux) {
        (Some(t), Some(l)) if l.median > 0.0 => Some(t.median / l.median),
        _ => None,
    }
}

fn status_line(side: &Side) -> String {
    match &side.status {
        Ok(()) => format!("{}: measured", side.name),
        Err(why) => format!("{}: unavailable ({why})", side.name),
    }
}

fn report(sides: &[Side; 2], meta: &Meta) -> String {
    let [this, linux] = sides;
    let mut r = String::new();
    let _ = writeln!(
        r,
        "\nfaultbench, {} | {} | {} | Linux peer: {} | {} boot(s) per mode | program args: {}",
        meta.arch.name(),
        meta.date,
        meta.qemu,
        meta.linux,
        meta.boots,
        meta.args
    );
    let _ = writeln!(r, "{}", status_line(this));
    let _ = writeln!(r, "{}", status_line(linux));
    let _ = writeln!(
        r,
        "ratio = this kernel / Linux, medians (lower is better; 0.33 = 3x Linux's rate)"
    );
    for mode in Mode::ALL {
        let _ = match mode {
            Mode::Tcg => writeln!(
                r,
                "\n== plain TCG: ns per event from the guest clock (follows host time; \
                 QEMU charges some kernel habits extra, e.g. a CR1 reload flushes its TLB) =="
            ),
            Mode::Icount => writeln!(
                r,
                "\n== -icount shift=0,sleep=off: guest instructions per event \
                 (1 instruction = 1 ns; deterministic, the fair figure) =="
            ),
        };
        let _ = writeln!(
            r,
            "{:<10} {:<26} {:<26} {:>7}  goal",
            "event", "this kernel", "Linux", "ratio"
        );
        for (ev, _) in EVENTS {
            let key = format!("{ev}_ns");
            let t = key_stats(this.runs(mode), &key);
            let l = key_stats(linux.runs(mode), &key);
            // The goals are issue 7's, set for s390x against Linux: there
            // is nothing to hold another architecture's figures to.
            let goal = match (meta.arch, mode, icount_goal(ev)) {
                (Arch::S390x, Mode::Icount, Some(g)) => format!("<= {g:.0}"),
                (Arch::S390x, Mode::Tcg, _) if ev != "touch" => "ratio <= 0.33".into(),
                _ => String::new(),
            };
            let _ = writeln!(
                r,
                "{:<10} {:<26} {:<26} {:>7}  {goal}",
                ev,
                fmt_stats(t),
                fmt_stats(l),
                ratio(t, l).map_or("-".into(), |x| format!("{x:.2}")),
            );
        }
        let _ = writeln!(r, "boot (wall s from QEMU start; guest s from its clock)");
        for (key, what) in [
            ("boot_to_program_s", "to the program's first line"),
            ("boot_to_end_s", "to the program's last line"),
            ("qemu_wall_s", "to QEMU's exit"),
            ("uptime_at_start_ns", "guest clock at program start"),
        ] {
            let conv = |s: Option<Stats>| {
                s.map(|s| {
                    let k = if key.ends_with("_ns") { 1e-9 } else { 1.0 };
                    Stats {
                        min: s.min * k,
                        median: s.median * k,
                        max: s.max * k,
                    }
                })
            };
            let t = conv(key_stats(this.runs(mode), key));
            let l = conv(key_stats(linux.runs(mode), key));
            let fmt = |s: Option<Stats>| match s {
                Some(s) => format!("{:.2} [{:.2}..{:.2}]", s.median, s.min, s.max),
                None => "-".into(),
            };
            let _ = writeln!(r, "  {what:<30} {:<22} {:<22}", fmt(t), fmt(l));
        }
    }
    for side in sides {
        if side.scaling.is_empty() {
            continue;
        }
        let _ = writeln!(
            r,
            "\n== scaling, {}: guest instructions per event (icount, -m {SCALING_MEM_MIB}, 1 boot each) ==",
            side.name
        );
        let _ = write!(r, "{:<22}", "region, VMAs");
        for (ev, _) in EVENTS {
            let _ = write!(r, " {ev:>9}");
        }
        let _ = writeln!(r);
        for (args, run) in &side.scaling {
            let _ = write!(r, "{args:<22}");
            for (ev, _) in EVENTS {
                let v = run.event(ev).map_or("-".into(), |v| format!("{v:.1}"));
                let _ = write!(r, " {v:>9}");
            }
            let _ = writeln!(r);
        }
    }
    r
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format!("{x}"))
}

fn summary_csv(sides: &[Side; 2]) -> String {
    let [this, linux] = sides;
    let mut c = String::from(
        "mode,event,unit,this_min,this_median,this_max,linux_min,linux_median,linux_max,ratio,this_status,linux_status\n",
    );
    let st = |s: &Side| csv_field(&status_line(s));
    let mut keys: Vec<(String, &str)> = EVENTS
        .iter()
        .map(|(e, _)| (format!("{e}_ns"), "per event"))
        .collect();
    keys.push(("boot_to_program_s".into(), "wall s"));
    keys.push(("boot_to_end_s".into(), "wall s"));
    keys.push(("qemu_wall_s".into(), "wall s"));
    keys.push(("uptime_at_start_ns".into(), "guest ns"));
    for mode in Mode::ALL {
        for (key, unit) in &keys {
            let t = key_stats(this.runs(mode), key);
            let l = key_stats(linux.runs(mode), key);
            let unit = if *unit == "per event" {
                mode.unit()
            } else {
                unit
            };
            let _ = writeln!(
                c,
                "{},{},{},{},{},{},{},{},{},{},{},{}",
                mode.name(),
                key.trim_end_matches("_ns"),
                csv_field(unit),
                opt(t.map(|s| s.min)),
                opt(t.map(|s| s.median)),
                opt(t.map(|s| s.max)),
                opt(l.map(|s| s.min)),
                opt(l.map(|s| s.median)),
                opt(l.map(|s| s.max)),
                opt(ratio(t, l)),
                st(this),
                st(linux)
            );
        }
    }
    c
}

fn runs_csv(sides: &[Side; 2]) -> String {
    let mut c = String::from("side,mode,run,key,value\n");
    for side in sides {
        for mode in Mode::ALL {
            for (i, run) in side.runs(mode).iter().enumerate() {
                for (k, v) in &run.values {
                    let _ = writeln!(c, "{},{},boot{},{k},{v}", side.slug(), mode.name(), i + 1);
                }
            }
        }
        for (args, run) in &side.scaling {
            for (k, v) in &run.values {
                let _ = writeln!(c, "{},icount,{},{k},{v}", side.slug(), csv_field(args));
            }
        }
    }
    c
}

fn scaling_csv(sides: &[Side; 2]) -> String {
    let mut c = String::from("side,args,event,guest_instructions\n");
    for side in sides {
        for (args, run) in &side.scaling {
            for (ev, _) in EVENTS {
                let _ = writeln!(c, "{},{args},{ev},{}", side.slug(), opt(run.event(ev)));
            }
        }
    }
    c
}

fn draw_charts(sides: &[Side; 2], meta: &Meta, out: &Path) -> Result<(), String> {
    let [this, linux] = sides;
    let events: Vec<String> = EVENTS.iter().map(|(e, _)| e.to_string()).collect();
    let median = |side: &Side, mode: Mode, ev: &str| {
        key_stats(side.runs(mode), &format!("{ev}_ns")).map(|s| s.median)
    };

    let ratio_series: Vec<chart::Series> = Mode::ALL
        .iter()
        .map(|&mode| chart::Series {
            name: format!("{} ({})", mode.name(), mode.unit()),
            values: EVENTS
                .iter()
                .map(|(ev, _)| {
                    let key = format!("{ev}_ns");
                    ratio(
                        key_stats(this.runs(mode), &key),
                        key_stats(linux.runs(mode), &key),
                    )
                })
                .collect(),
        })
        .filter(|s| s.values.iter().any(Option::is_some))
        .collect();
    let note = match (&this.status, &linux.status) {
        (Err(w), _) => Some(format!("no ratios: this kernel unavailable ({})", clip(w))),
        (_, Err(w)) => Some(format!("no ratios: Linux unavailable ({})", clip(w))),
        _ => None,
    };
    let title = format!(
        "faultbench: this kernel / Linux ({}), {}, lower is better",
        meta.linux, meta.date
    );
    let c = chart::Chart {
        title: &title,
        y_desc: "cost ratio (this kernel / Linux)",
        categories: events.clone(),
        series: ratio_series,
        log: false,
        reference: Some(1.0),
        note,
    };
    chart::draw(&c, &out.join("ratios.svg")).map_err(|e| format!("ratios.svg: {e}"))?;

    let mut cost_series = Vec::new();
    for side in sides {
        for mode in Mode::ALL {
            let values: Vec<Option<f64>> = EVENTS
                .iter()
                .map(|(ev, _)| median(side, mode, ev))
                .collect();
            if values.iter().any(Option::is_some) {
                cost_series.push(chart::Series {
                    name: format!("{} {}", side.name, mode.name()),
                    values,
                });
            }
        }
    }
    let title = format!(
        "faultbench: cost per event (tcg: ns, icount: guest instructions), {}",
        meta.date
    );
    let c = chart::Chart {
        title: &title,
        y_desc: "per event (log scale)",
        categories: events.clone(),
        series: cost_series,
        log: true,
        reference: None,
        note: None,
    };
    chart::draw(&c, &out.join("costs.svg")).map_err(|e| format!("costs.svg: {e}"))?;

    let mut scale_series = Vec::new();
    for side in sides {
        for (args, run) in &side.scaling {
            scale_series.push(chart::Series {
                name: format!("{} {args}", side.name),
                values: EVENTS.iter().map(|(ev, _)| run.event(ev)).collect(),
            });
        }
    }
    let title = "faultbench scaling: guest instructions per event by region size and VMA count";
    let c = chart::Chart {
        title,
        y_desc: "guest instructions (log scale)",
        categories: events,
        series: scale_series,
        log: true,
        reference: None,
        note: None,
    };
    chart::draw(&c, &out.join("scaling.svg")).map_err(|e| format!("scaling.svg: {e}"))
}

/// The first 90 characters of a reason, for a chart note.
fn clip(s: &str) -> String {
    let s = s.split("; log:").next().unwrap_or(s);
    if s.chars().count() > 90 {
        format!("{}...", s.chars().take(90).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), "1970-01-01");
        assert_eq!(civil(19_723), "2024-01-01");
        assert_eq!(civil(11_016), "2000-02-29");
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("a b"), "a b");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\", y"), "\"say \"\"x\"\", y\"");
    }

    #[test]
    fn ratio_of_medians() {
        let s = |m| {
            Some(Stats {
                min: m,
                median: m,
                max: m,
            })
        };
        assert_eq!(ratio(s(500.0), s(2000.0)), Some(0.25));
        assert_eq!(ratio(None, s(1.0)), None);
    }
}
