//! Every stated growth rate in the dataset beside the rate its two
//! published levels give, with the sources on both sides.
//!
//! Run with `cargo run --example stated_rates`.

fn main() {
    let ds = biopharma_stats::Dataset::embedded();
    let checks = ds.check_stated_rates();
    let agree = checks.iter().filter(|c| c.agrees() == Some(true)).count();
    let disagree = checks.iter().filter(|c| c.agrees() == Some(false)).count();
    println!(
        "{} stated rates: {agree} agree with their levels, {disagree} disagree, {} cannot be judged\n",
        checks.len(),
        checks.len() - agree - disagree
    );
    for c in &checks {
        println!("{}\n", c.explain());
    }
}
