//! Lists every place where sources disagree (figures that cannot all be
//! true) and, apart, where they differ but agree (a bound and a figure
//! within it), then checks the cumulative
//! innovative-device count against the yearly approvals under each
//! resolution rule.
//!
//! ```sh
//! cargo run --example conflicts
//! ```

use biopharma_stats::{Base, Dataset, ReconcileOptions, Resolve, SeriesOptions};

fn main() {
    let ds = Dataset::embedded();
    println!("Conflicts (same metric, entity, period and status; figures that cannot all be true):");
    for c in ds.conflicts() {
        println!("  {c}");
    }
    println!("Agreements (different figures that can all be true; a series keeps the most precise):");
    for c in ds.agreements() {
        println!("  {c}");
    }
    println!();
    for rule in [Resolve::LatestPublication, Resolve::EarliestPublication] {
        let opts = ReconcileOptions::new(Base::ZeroBefore(2014)).flows(SeriesOptions::new().resolve(rule));
        match ds.reconcile("innovative_device_approvals", "innovative_device_approvals_cumul", "china", &opts) {
            Ok(r) => println!("{r}"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
}
