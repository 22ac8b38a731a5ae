//! The GOV.UK task list: each task's name, linked when it can be done, and its status.

use yew::prelude::*;

use super::route_link::RouteLink;
use crate::app::Route;

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskStatus {
    /// Done.
    Completed,
    /// Can be done, and is not done yet.
    Incomplete,
    /// Waits for other tasks.
    CannotStartYet,
}

/// One task.
#[derive(Clone, PartialEq)]
pub struct Task {
    /// Unique on the page; the status's id derives from it.
    pub id: &'static str,
    /// What to do.
    pub name: AttrValue,
    /// The page that does it; no link when it cannot be started.
    pub route: Option<Route>,
    /// Where it stands.
    pub status: TaskStatus,
}

/// Props for [`task_list`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct TaskListProps {
    /// The tasks, in order.
    pub tasks: Vec<Task>,
}

/// A list of tasks with their statuses.
pub fn task_list(props: &TaskListProps) -> Html {
    let item = |task: &Task| {
        let status_id = format!("{}-status", task.id);
        let linked = task.route.is_some() && task.status != TaskStatus::CannotStartYet;
        let status = match task.status {
            TaskStatus::Completed => html! { { "Completed" } },
            TaskStatus::Incomplete => {
                html! { <strong class="govuk-tag govuk-tag--blue">{ "Incomplete" }</strong> }
            }
            TaskStatus::CannotStartYet => html! { { "Cannot start yet" } },
        };
        html! {
            <li class={classes!(
                "govuk-task-list__item",
                linked.then_some("govuk-task-list__item--with-link")
            )}>
                <div class="govuk-task-list__name-and-hint">
                    if let (true, Some(route)) = (linked, &task.route) {
                        <RouteLink to={route.clone()} classes="govuk-link govuk-task-list__link" described_by={AttrValue::from(status_id.clone())}>
                            { task.name.clone() }
                        </RouteLink>
                    } else {
                        <div>{ task.name.clone() }</div>
                    }
                </div>
                <div
                    class={classes!(
                        "govuk-task-list__status",
                        (task.status == TaskStatus::CannotStartYet)
                            .then_some("govuk-task-list__status--cannot-start-yet")
                    )}
                    id={status_id}
                >
                    { status }
                </div>
            </li>
        }
    };
    html! {
        <ul class="govuk-task-list">
            { for props.tasks.iter().map(item) }
        </ul>
    }
}
