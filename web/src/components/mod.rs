//! GOV.UK Frontend components as yew components: props in, callbacks out.

pub mod add_member_form;
pub mod change_password_form;
pub mod checkboxes;
pub mod error_summary;
pub mod field;
pub mod footer;
pub mod header;
pub mod load_failure;
pub mod members_table;
pub mod notification_banner;
pub mod pagination;
pub mod phase_banner;
pub mod route_link;
pub mod select;
pub mod summary_list;
pub mod tag;
pub mod text_input;
pub mod textarea;
