//! TODO
use std::path::PathBuf;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location { pub file: PathBuf, pub line: usize, pub column: usize }
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ScenarioError(pub String);
pub fn load_file(_p: &std::path::Path) -> Result<super::Scenario, ScenarioError> { todo!() }
pub fn load_str(_t: &str, _n: &str) -> Result<super::Scenario, ScenarioError> { todo!() }
