//! data/datapackage.json (a Frictionless Data Package, issue #14) agrees
//! with the files it describes and with the codebook: each resource's
//! fields are the CSV file's actual header, in order (read from the file,
//! so a column added to a CSV file and not to the package fails here); the
//! codebook's column table for that file lists the same columns; keys
//! name existing fields and resources; and the enumerations are the
//! words the loader knows.

use std::path::Path;

use biopharma_stats::{Dataset, MetricKind, Qualifier, Status, Unit};
use serde_json::Value;

fn data(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(name))
        .unwrap_or_else(|e| panic!("read data/{name}: {e}"))
}

fn package() -> Value {
    serde_json::from_str(&data("datapackage.json")).expect("datapackage.json is JSON")
}

fn resources(p: &Value) -> &Vec<Value> {
    p["resources"].as_array().expect("resources is an array")
}

fn resource<'a>(p: &'a Value, name: &str) -> &'a Value {
    resources(p).iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("no resource {name}"))
}

fn field_names(r: &Value) -> Vec<String> {
    r["schema"]["fields"].as_array().expect("fields").iter().map(|f| f["name"].as_str().unwrap().to_owned()).collect()
}

/// The column names of a codebook table: the rows `| \`name\` | …` of the
/// first table of the section `## <file>` of data/README.md, in order
/// (units.csv's section has a second table, of the built-in units).
fn codebook_columns(file: &str) -> Vec<String> {
    let readme = data("README.md");
    let start = readme.find(&format!("\n## {file}\n")).unwrap_or_else(|| panic!("no codebook section for {file}"));
    let section = &readme[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    section[..end]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.strip_prefix("| `").and_then(|rest| rest.split_once('`')).map(|(name, _)| name.to_owned()))
        .collect()
}

#[test]
fn every_csv_file_is_a_resource_whose_fields_are_its_header() {
    let p = package();
    let mut csv_files: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    csv_files.sort();
    let mut paths: Vec<String> = resources(&p).iter().map(|r| r["path"].as_str().unwrap().to_owned()).collect();
    paths.sort();
    assert_eq!(paths, csv_files, "one resource per CSV file in data/");
    for r in resources(&p) {
        let path = r["path"].as_str().unwrap();
        let text = data(path);
        let header: Vec<String> = text.lines().next().unwrap().split(',').map(str::to_owned).collect();
        assert_eq!(field_names(r), header, "{path}: the package's fields are the file's header");
        for f in r["schema"]["fields"].as_array().unwrap() {
            let desc = f["description"].as_str().unwrap_or_default();
            assert!(desc.len() > 10, "{path}.{}: a description", f["name"]);
            assert!(matches!(f["type"].as_str(), Some("string" | "number" | "integer")), "{path}.{}", f["name"]);
        }
    }
}

#[test]
fn the_codebook_lists_the_same_columns() {
    let p = package();
    for r in resources(&p) {
        let path = r["path"].as_str().unwrap();
        assert_eq!(codebook_columns(path), field_names(r), "data/README.md's table for {path}");
    }
}

#[test]
fn keys_name_existing_fields_and_resources() {
    let p = package();
    let obs = resource(&p, "observations");
    let pk: Vec<&str> = obs["schema"]["primaryKey"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    // The loader's duplicate key (see DuplicateKey): metric, entity, period, status, source.
    assert_eq!(pk, ["metric", "entity", "period", "status", "source"]);
    assert_eq!(resource(&p, "metrics")["schema"]["primaryKey"], "id");
    assert_eq!(resource(&p, "sources")["schema"]["primaryKey"], "id");
    assert_eq!(resource(&p, "units")["schema"]["primaryKey"], "id");
    let fks = obs["schema"]["foreignKeys"].as_array().unwrap();
    let pairs: Vec<(String, String, String)> = fks
        .iter()
        .map(|k| {
            (
                k["fields"].as_str().unwrap().to_owned(),
                k["reference"]["resource"].as_str().unwrap().to_owned(),
                k["reference"]["fields"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("metric".to_owned(), "metrics".to_owned(), "id".to_owned()),
            ("source".to_owned(), "sources".to_owned(), "id".to_owned())
        ]
    );
    for (field, res, target) in &pairs {
        assert!(field_names(obs).contains(field));
        assert!(field_names(resource(&p, res)).contains(target));
    }
    assert!(!p["licenses"].as_array().unwrap().is_empty());
    assert!(!p["sources"].as_array().unwrap().is_empty());
}

fn enumeration(p: &Value, res: &str, field: &str) -> Vec<String> {
    let f = resource(p, res)["schema"]["fields"].as_array().unwrap().iter().find(|f| f["name"] == field).unwrap();
    f["constraints"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

#[test]
fn enumerations_are_the_loaders_words() {
    let p = package();
    let words = |it: &mut dyn Iterator<Item = &'static str>| it.map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(enumeration(&p, "observations", "qualifier"), words(&mut Qualifier::ALL.iter().map(|q| q.as_str())));
    // The units the shipped data may name: the built-ins, then those the
    // shipped units.csv declares (none today).
    let declared = Dataset::embedded().units().map(Unit::id);
    let units = words(&mut Unit::ALL.iter().map(|u| u.id()).chain(declared));
    assert_eq!(enumeration(&p, "observations", "unit"), units);
    assert_eq!(enumeration(&p, "metrics", "unit"), units);
    assert_eq!(enumeration(&p, "observations", "status"), words(&mut Status::ALL.iter().map(|s| s.as_str())));
    assert_eq!(enumeration(&p, "metrics", "kind"), words(&mut MetricKind::ALL.iter().map(|k| k.as_str())));
}
