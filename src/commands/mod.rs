//! The binary's commands. Each is a short pipeline over the library: load scenarios,
//! prepare an output folder, run, export, write, mark complete.

pub mod compare;
pub mod run;
pub mod stream;
pub mod sweep;
