//! The summary: operations by kind and answer, then each check with its violations.

use std::collections::BTreeMap;

/// One check's result.
pub struct Check {
    /// What was checked.
    pub name: &'static str,
    /// Facts to show.
    pub facts: String,
    /// Broken promises.
    pub violations: Vec<String>,
}

/// Prints the tables; returns the number of violations.
pub fn print(counts: &BTreeMap<(String, String), u64>, checks: &[Check]) -> usize {
    let a = counts
        .keys()
        .map(|(op, _)| op.len())
        .max()
        .unwrap_or(9)
        .max(9);
    let b = counts
        .keys()
        .map(|(_, l)| l.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let width = a + b + 12;
    println!("\n{:<a$}  {:<b$}  {:>8}", "operation", "answer", "count");
    println!("{}", "-".repeat(width));
    let mut last = "";
    let mut total = 0;
    for ((op, label), n) in counts {
        let name = if op == last { "" } else { op.as_str() };
        last = op;
        total += n;
        println!("{name:<a$}  {label:<b$}  {n:>8}");
    }
    println!("{:<a$}  {:<b$}  {total:>8}", "all requests", "");
    println!("\n{:<32} {:>10}  facts", "check", "violations");
    println!("{}", "-".repeat(width + 10));
    let mut violations = 0;
    for check in checks {
        println!(
            "{:<32} {:>10}  {}",
            check.name,
            check.violations.len(),
            check.facts
        );
        violations += check.violations.len();
    }
    println!("{:<32} {violations:>10}", "total");
    for check in checks.iter().filter(|c| !c.violations.is_empty()) {
        println!("\n{} violations:", check.name);
        for v in check.violations.iter().take(20) {
            println!("  - {v}");
        }
        if check.violations.len() > 20 {
            println!("  ... and {} more", check.violations.len() - 20);
        }
    }
    violations
}
