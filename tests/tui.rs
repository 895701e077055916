//! The workbench's state machine driven by actions, against a real temporary
//! register, and TestBackend snapshots of what the user sees.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dpo_workbench::exchange::demo::{demo_organisation, load_demo};
use dpo_workbench::exchange::ExchangeError;
use dpo_workbench::platform::clock::Clock;
use dpo_workbench::store::{Register, RequestOrder, RequestSort};
use dpo_workbench::tui::action::Action;
use dpo_workbench::tui::action::RequestAction;
use dpo_workbench::tui::app::perform;
use dpo_workbench::tui::effect::Effect;
use dpo_workbench::tui::effect::RequestEffect;
use dpo_workbench::tui::render::render;
use dpo_workbench::tui::state::{FormTarget, Modal, State, Tab};
use dpo_workbench::tui::theme::Theme;
use dpo_workbench::tui::update::{init, key_to_action, update};
use dpo_workbench::tui::widgets::form::FieldInput;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The moment the tests pretend it is, so demo clocks and screens are stable.
fn fixed_now() -> chrono::DateTime<chrono::Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn organisation_name(h: &Harness) -> &str {
    &h.state.organisation.as_ref().unwrap().organisation.name
}

/// The clock of the registers these tests open: at the same moment.
fn clock() -> Clock {
    Clock::fixed(fixed_now())
}

fn fixed_today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

struct Harness {
    state: State,
    register: Register,
    _dir: tempfile::TempDir,
    /// Keys pressed through `key`, `ctrl` and `type_text`, for the tests
    /// that measure how many keystrokes a task takes.
    keys: usize,
}

impl Harness {
    /// The demo register, on the processors list where most tests begin.
    fn demo(width: u16, height: u16) -> Self {
        let mut h = Harness::opened(width, height);
        h.key(KeyCode::Char('1'));
        h
    }

    /// Moves the moment on by `minutes`, for the screen (as the run loop's
    /// clock does) and for the register's writes and journal entries alike.
    fn later_by(&mut self, minutes: i64) {
        let now = self.state.now + chrono::Duration::minutes(minutes);
        self.register.set_clock(Clock::fixed(now)).unwrap();
        self.act(Action::Clock {
            now,
            today: dpo_workbench::platform::clock::date_in(now, &chrono_tz::Europe::Oslo),
        });
    }

    /// The demo register as the workbench opens it: on the dashboard.
    fn opened(width: u16, height: u16) -> Self {
        let mut h = Harness::before_loading(width, height);
        let effects = init(&h.state);
        h.run(effects);
        h
    }

    /// The demo register with 5,200 synthetic requests more, opened: more
    /// than a keystroke's quick count (5,000) counts.
    fn with_more_than_a_quick_count() -> Self {
        let mut h = Harness::before_loading(120, 36);
        dpo_workbench::exchange::synthetic::fill(&mut h.register, 5_200, 3, fixed_now()).unwrap();
        let effects = init(&h.state);
        h.run(effects);
        h
    }

    /// The demo register before anything has been read from it.
    fn before_loading(width: u16, height: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let register = Register::create(
            &dir.path().join("demo.dpo"),
            &demo_organisation(clock().now()).unwrap(),
            clock(),
            |r| load_demo(r, fixed_now()).map(|_| ()),
        )
        .map_err(|e: ExchangeError| e.to_string())
        .unwrap();
        let state = State::new(
            "~/clients/demo.dpo",
            Theme::monochrome(),
            fixed_now(),
            fixed_today(),
            width,
            height,
        );
        Harness {
            state,
            register,
            _dir: dir,
            keys: 0,
        }
    }

    /// Applies an action and performs every effect it leads to, as the run loop does.
    fn act(&mut self, action: Action) {
        let effects = update(&mut self.state, action);
        self.run(effects);
    }

    fn run(&mut self, mut effects: Vec<Effect>) {
        while !effects.is_empty() {
            let effect = effects.remove(0);
            let action = perform(&mut self.register, effect, self.state.now, self.state.today);
            effects.extend(update(&mut self.state, action));
        }
    }

    /// As `run`, with the exact counts made by `other` (another connection to
    /// the file), as the run loop's background thread makes them.
    fn run_counting_on(&mut self, other: &mut Register, mut effects: Vec<Effect>) {
        while !effects.is_empty() {
            let effect = effects.remove(0);
            let register = match effect {
                Effect::Requests(RequestEffect::CountRequests { .. }) => &mut *other,
                _ => &mut self.register,
            };
            let action = perform(register, effect, self.state.now, self.state.today);
            effects.extend(update(&mut self.state, action));
        }
    }

    /// A key as the user presses it, with the exact counts made by `other`.
    fn key_counting_on(&mut self, other: &mut Register, code: KeyCode) {
        let action = key_to_action(&self.state, KeyEvent::new(code, KeyModifiers::NONE));
        let effects = update(&mut self.state, action);
        self.run_counting_on(other, effects);
    }

    /// A key as the user presses it, through the key map.
    fn key(&mut self, code: KeyCode) {
        self.keys += 1;
        let action = key_to_action(&self.state, KeyEvent::new(code, KeyModifiers::NONE));
        self.act(action);
    }

    /// Ctrl-S on the open form, which must then close: saved (else the
    /// form's errors say why not).
    fn save(&mut self) {
        self.ctrl('s');
        let errors = self.state.form().map(|f| f.form.errors.clone());
        assert!(errors.is_none(), "not saved: {errors:?}");
    }

    fn ctrl(&mut self, c: char) {
        self.keys += 1;
        let action = key_to_action(
            &self.state,
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        );
        self.act(action);
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn selected_name(&self) -> String {
        self.state
            .processors
            .selected_row()
            .unwrap()
            .processor
            .fields
            .name
            .clone()
    }

    fn screen(&self) -> String {
        let mut terminal =
            Terminal::new(TestBackend::new(self.state.width, self.state.height)).unwrap();
        terminal.draw(|f| render(f, &self.state)).unwrap();
        terminal.backend().to_string()
    }

    fn form_value(&self, key: &str) -> String {
        self.state.form().expect("a form is open").form.value(key)
    }
}

#[test]
fn starts_on_the_processors_list_with_the_first_row_selected() {
    let h = Harness::demo(120, 36);
    assert_eq!(h.state.tab, Tab::Processors);
    assert_eq!(h.state.processors.total, 19);
    assert_eq!(h.selected_name(), "Amazon Web Services EMEA SARL");
    assert_eq!(organisation_name(&h), "Fjordvakt Telemetri AS");
}

#[test]
fn adding_a_processor_validates_keeps_the_input_and_saves_only_when_valid() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('a'));
    assert!(h.state.form().is_some(), "a opens the form");
    h.type_text("Sveve AS");
    h.key(KeyCode::Tab); // org number
    h.key(KeyCode::Tab); // country
    h.type_text("Norge");
    h.ctrl('s');
    let form = &h.state.form().expect("still open after a failed save").form;
    assert!(form
        .errors
        .get("country")
        .unwrap()
        .contains("'Norge' is not an ISO 3166-1"));
    assert_eq!(
        form.fields[form.focus].key, "country",
        "focus goes to the bad field"
    );
    assert_eq!(h.form_value("name"), "Sveve AS", "input is kept");
    assert_eq!(
        h.register.count_processors("").unwrap(),
        19,
        "nothing written"
    );

    for _ in 0.."Norge".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("no");
    assert!(
        h.state.form().unwrap().form.errors.is_empty(),
        "messages follow corrections live"
    );
    h.ctrl('s');
    assert!(h.state.form().is_none(), "saved and closed");
    assert_eq!(h.register.count_processors("").unwrap(), 20);
    assert_eq!(h.selected_name(), "Sveve AS", "the new row is selected");
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("Added Sveve AS"));
}

#[test]
fn the_parent_choice_offers_no_loop_and_moving_a_sub_processor_saves() {
    let mut h = Harness::demo(120, 36);
    h.type_text("/intility");
    h.key(KeyCode::Enter);
    assert_eq!(h.selected_name(), "Intility AS");
    h.key(KeyCode::Char('e'));
    let form = &h.state.form().unwrap().form;
    let parent = form.fields.iter().find(|f| f.key == "parent_id").unwrap();
    let FieldInput::Choice(choice) = &parent.input else {
        panic!("parent is a choice")
    };
    let offered: Vec<&str> = choice
        .options
        .iter()
        .map(|(_, label)| label.as_str())
        .collect();
    assert_eq!(offered[0], "(none)");
    assert!(!offered.contains(&"Intility AS (NO)"), "not itself");
    assert!(
        !offered.iter().any(|o| o.contains("via Intility AS")),
        "not its own sub-processors: {offered:?}"
    );
    assert!(offered.contains(&"Questback AS (NO)"), "{offered:?}");
    h.key(KeyCode::Esc);

    // Move Microsoft Corporation from Microsoft 365 to Intility.
    h.key(KeyCode::Esc);
    h.type_text("/microsoft corporation");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('e'));
    h.state.form_mut().unwrap().form.focus_field("parent_id");
    h.type_text("intil");
    assert_eq!(h.form_value("parent_id"), "1", "typing picks Intility AS");
    h.ctrl('s');
    assert!(h.state.form().is_none(), "saved");
    let row = h.register.processor(4).unwrap().unwrap();
    assert_eq!(row.parent_name.as_deref(), Some("Intility AS"));
}

#[test]
fn filter_narrows_at_every_keystroke_and_esc_clears_it() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('/'));
    h.type_text("micro");
    assert_eq!(h.state.processors.total, 3);
    h.type_text("soft corp");
    assert_eq!(h.state.processors.total, 1);
    assert_eq!(h.selected_name(), "Microsoft Corporation");
    h.type_text("q"); // typed into the filter, not quit
    assert!(!h.state.should_quit);
    assert_eq!(h.state.processors.total, 0);
    h.key(KeyCode::Esc);
    assert_eq!(h.state.processors.filter, "");
    assert_eq!(h.state.processors.total, 19);
}

#[test]
fn delete_says_what_goes_with_it_and_only_y_deletes() {
    let mut h = Harness::demo(120, 36);
    h.type_text("/amazon web services emea");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('d'));
    let Some(Modal::Confirm(confirm)) = &h.state.modal else {
        panic!("no confirmation")
    };
    let text = confirm.lines.join("\n");
    assert!(
        text.contains("1 sub-processor beneath it, at any depth, will be deleted with it"),
        "{text}"
    );
    assert!(text.contains("Amazon Web Services, Inc."), "{text}");
    h.key(KeyCode::Char('n'));
    assert!(h.state.modal.is_none());
    assert_eq!(h.register.count_processors("").unwrap(), 19);
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert_eq!(h.register.count_processors("").unwrap(), 17);
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("and 1 sub-processor(s)"));
}

#[test]
fn escape_on_a_changed_form_asks_before_discarding() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Esc);
    assert!(h.state.form().is_none(), "unchanged form closes at once");
    h.key(KeyCode::Char('e'));
    h.type_text(" Ltd");
    h.key(KeyCode::Esc);
    assert!(h.state.form().unwrap().form.confirm_discard);
    h.key(KeyCode::Char('n'));
    assert_eq!(
        h.form_value("name"),
        "Amazon Web Services EMEA SARL Ltd",
        "kept editing"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
    assert!(h.state.form().is_none());
    assert_eq!(
        h.selected_name(),
        "Amazon Web Services EMEA SARL",
        "nothing saved"
    );
}

#[test]
fn paging_moves_by_a_screen_and_loads_only_a_window() {
    let mut h = Harness::demo(80, 12); // room for 4 rows
    assert!(h.state.processors.rows.len() < 19, "never the whole table");
    h.key(KeyCode::PageDown);
    assert_eq!(h.state.processors.selected, h.state.list_height());
    h.key(KeyCode::End);
    assert_eq!(h.state.processors.selected, 18);
    assert_eq!(h.selected_name(), "Tripletex AS");
    h.key(KeyCode::Home);
    assert_eq!(h.state.processors.selected, 0);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('k'));
    assert_eq!(h.state.processors.selected, 1);
}

#[test]
fn mouse_selects_rows_and_tabs_and_the_wheel_scrolls() {
    let mut h = Harness::demo(120, 36);
    h.act(Action::Click { column: 5, row: 5 }); // header at y 2, rows from y 3
    assert_eq!(h.state.processors.selected, 2);
    h.act(Action::Scroll {
        column: 5,
        row: 5,
        down: true,
    });
    assert_eq!(h.state.processors.selected, 3);
    let activities =
        dpo_workbench::tui::widgets::tabs::tab_spans(h.state.badges(), h.state.tab, h.state.width)
            [2];
    h.act(Action::Click {
        column: activities.1 + 1,
        row: 0,
    });
    assert_eq!(h.state.tab, Tab::Activities);
}

#[test]
fn a_save_over_another_window_s_change_keeps_what_was_typed_and_a_second_save_wins() {
    let mut h = Harness::demo(120, 36);
    let row = h.state.processors.selected_row().unwrap().processor.clone();
    h.key(KeyCode::Char('e'));
    let form = &mut h.state.form_mut().unwrap().form;
    form.set_value("notes", "Renegotiated in December: typed at length");
    // Meanwhile another window saves the same processor.
    let mut theirs = row.fields.clone();
    theirs.service = "Changed elsewhere".into();
    h.register
        .update_processor(row.id, row.revision, &theirs)
        .unwrap();
    h.ctrl('s');
    let open = h.state.form().expect("the form stays open");
    assert_eq!(
        open.form.value("notes"),
        "Renegotiated in December: typed at length",
        "nothing typed is lost"
    );
    let said = open.form.errors.get("record").unwrap();
    assert!(said.contains("Ctrl-S again saves"), "{said}");
    // What a second save puts back is named, the field not touched here too.
    assert!(said.contains("(service: '"), "{said}");
    assert!(said.contains("→ 'Changed elsewhere')"), "{said}");
    // The user decides: saved again, theirs is overwritten (the journal keeps it).
    h.ctrl('s');
    assert!(h.state.form().is_none(), "saved");
    let now = h.register.processor(row.id).unwrap().unwrap();
    assert_eq!(
        now.processor.fields.notes,
        "Renegotiated in December: typed at length"
    );
    assert_eq!(
        now.processor.fields.service, row.fields.service,
        "the form's value"
    );
}

#[test]
fn a_form_whose_record_was_deleted_elsewhere_says_so_and_keeps_the_text() {
    let mut h = Harness::demo(120, 36);
    let id = h.state.processors.selected_row().unwrap().processor.id;
    h.key(KeyCode::Char('e'));
    h.state
        .form_mut()
        .unwrap()
        .form
        .set_value("notes", "Kept for copying");
    // Deleted behind the form's back, then saved: the store says it is gone.
    let mut other = Register::open(h.register.path(), clock()).unwrap();
    other.delete_processor(id).unwrap();
    h.ctrl('s');
    let open = h.state.form().expect("the form stays open");
    assert_eq!(open.form.value("notes"), "Kept for copying");
    let said = open.form.errors.get("record").unwrap();
    assert!(said.contains("deleted in another window"), "{said}");
}

#[test]
fn at_80_columns_the_organisation_s_contacts_break_between_items_under_their_label() {
    let mut h = Harness::demo(80, 24);
    h.key(KeyCode::Char('5'));
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let dpo = rows.iter().position(|r| r.contains("DPO ")).unwrap();
    assert!(
        rows[dpo].contains("Ingrid Haugen · personvern@fjordvakt.example ·"),
        "{screen}"
    );
    // The phone number whole, under the value, not at the screen's edge.
    assert!(
        rows[dpo + 1].contains(&format!("{:18}+47 61 00 00 00", "")),
        "{screen}"
    );
}

#[test]
fn editing_the_organisation_checks_the_jurisdiction() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Char('e'));
    h.state.form_mut().unwrap().form.focus_field("jurisdiction");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.type_text("GB");
    h.ctrl('s');
    assert!(h
        .state
        .form()
        .unwrap()
        .form
        .errors
        .get("jurisdiction")
        .unwrap()
        .contains("GB-ENG"));
    h.type_text("-SCT");
    h.state.form_mut().unwrap().form.focus_field("time_zone");
    for _ in 0.."Europe/Oslo".len() {
        h.key(KeyCode::Backspace);
    }
    h.save();
    let org = h.register.organisation().unwrap();
    assert_eq!(
        (org.jurisdiction_code(), org.time_zone.name()),
        ("GB-SCT", "Europe/London")
    );
}

#[test]
fn quit_from_the_list_and_ctrl_c_from_anywhere() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('a'));
    h.ctrl('c');
    assert!(h.state.should_quit);
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('q'));
    assert!(h.state.should_quit);
}

#[test]
fn snapshot_processors_list() {
    let mut h = Harness::demo(120, 32);
    h.key(KeyCode::Down);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_processors_list_narrow() {
    let h = Harness::demo(80, 24);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_form_with_validation_errors() {
    let mut h = Harness::demo(120, 32);
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("UK");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("dpo at example");
    h.ctrl('s');
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_help_overlay() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Char('?'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_delete_confirmation() {
    let mut h = Harness::demo(120, 32);
    h.type_text("/intility");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('d'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_organisation_screen() {
    let mut h = Harness::demo(100, 30);
    h.key(KeyCode::Char('5'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn help_opens_scrolls_on_small_terminals_and_closes() {
    let mut h = Harness::demo(80, 24);
    h.key(KeyCode::Char('?'));
    assert!(
        h.screen().contains("↓ more"),
        "a small terminal shows there is more"
    );
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Down);
    assert!(matches!(h.state.modal, Some(Modal::Help(2))));
    // End shows the last lines; more ↓ stay there, so one ↑ moves at once.
    h.key(KeyCode::End);
    let Some(Modal::Help(last)) = h.state.modal else {
        panic!("the help is open")
    };
    assert!(last > 2, "{last}");
    assert!(!h.screen().contains("↓ more"), "the end is shown");
    h.key(KeyCode::Down);
    h.key(KeyCode::Up);
    assert!(matches!(h.state.modal, Some(Modal::Help(s)) if s == last - 1));
    h.key(KeyCode::Home);
    assert!(matches!(h.state.modal, Some(Modal::Help(0))));
    h.key(KeyCode::PageDown);
    assert!(matches!(h.state.modal, Some(Modal::Help(s)) if s > 1 && s <= last));
    h.key(KeyCode::PageUp);
    assert!(matches!(h.state.modal, Some(Modal::Help(0))));
    h.key(KeyCode::Char('q'));
    assert!(
        h.state.modal.is_none(),
        "q closes the help, it does not quit"
    );
    assert!(!h.state.should_quit);
}

fn open_request(h: &mut Harness, reference: &str) {
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('/'));
    h.type_text(reference);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.state.requests.selected_row().unwrap().request.reference,
        reference
    );
}

fn request_status(h: &Harness, reference: &str) -> dpo_workbench::domain::request::RequestStatus {
    let rows = h
        .register
        .request_page(
            reference,
            dpo_workbench::store::RequestOrder::default(),
            0,
            1,
        )
        .unwrap();
    rows[0].request.status
}

#[test]
fn requests_are_listed_most_urgent_first_with_the_selected_ones_history() {
    let mut h = Harness::demo(130, 36);
    h.key(KeyCode::Char('3'));
    assert_eq!(h.state.tab, Tab::Requests);
    assert_eq!(h.state.requests.total, 10);
    let first = h.state.requests.selected_row().unwrap();
    assert_eq!(
        first.request.subject_ref, "Customer 10-4471",
        "the overdue request comes first"
    );
    assert!(first.due_on < fixed_today());
    let (id, events) = h.state.request_events.as_ref().expect("history loaded");
    assert_eq!(*id, first.id);
    assert_eq!(events.len(), 2, "logged and started");
    h.key(KeyCode::End);
    assert!(
        h.state
            .requests
            .selected_row()
            .unwrap()
            .request
            .status
            .is_closed(),
        "closed ones last"
    );
}

#[test]
fn logging_a_request_checks_the_date_and_assigns_a_reference() {
    let mut h = Harness::demo(130, 36);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('a'));
    assert_eq!(
        h.form_value("received_on"),
        "2026-11-23",
        "today by default"
    );
    h.key(KeyCode::Tab);
    h.type_text("Customer 10-7700");
    h.state.form_mut().unwrap().form.focus_field("received_on");
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("30");
    h.ctrl('s');
    let errors = &h.state.form().unwrap().form.errors;
    assert!(
        errors.get("received_on").unwrap().contains("in the future"),
        "{errors}"
    );
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.type_text("20");
    h.ctrl('s');
    assert!(h.state.form().is_none(), "saved");
    let row = h.state.requests.selected_row().unwrap();
    assert_eq!(row.request.reference, "DSR-2026-0011");
    assert_eq!(
        row.deadline.to_string(),
        "2026-12-21",
        "20 Dec 2026 is a Sunday"
    );
}

#[test]
fn a_request_logged_as_people_type_dates_shows_its_time_of_receipt_in_the_registers_zone() {
    let mut h = Harness::demo(130, 36);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Tab);
    h.type_text("Customer 10-7701");
    let form = &mut h.state.form_mut().unwrap().form;
    form.set_value("received_on", "yesterday");
    form.set_value("received_at", "14:05");
    h.ctrl('s');
    assert!(h.state.form().is_none(), "saved: {:?}", h.state.form());
    let row = h.state.requests.selected_row().unwrap();
    assert_eq!(row.request.received_on.to_string(), "2026-11-22");
    assert_eq!(row.request.received_at, "2026-11-22T14:05:00+01:00");
    let screen = h.screen();
    assert!(screen.contains("Sun 22 Nov 2026 14:05 CET"), "{screen}");
}

#[test]
fn extension_is_refused_at_once_when_the_notice_date_has_passed() {
    let mut h = Harness::demo(130, 36);
    open_request(&mut h, "DSR-2026-0001");
    h.key(KeyCode::Char('x'));
    assert!(h.state.form().is_none(), "no form for an impossible step");
    let message = &h.state.message.as_ref().unwrap().text;
    assert!(
        message.contains("Too late to extend DSR-2026-0001"),
        "{message}"
    );
}

#[test]
fn extending_in_time_needs_a_reason() {
    let mut h = Harness::demo(130, 36);
    open_request(&mut h, "DSR-2026-0002");
    h.key(KeyCode::Char('x'));
    h.ctrl('s');
    assert_eq!(
        h.state.form().unwrap().form.errors.get("reason"),
        Some("required")
    );
    h.type_text("Tickets spread over three systems");
    h.ctrl('s');
    assert!(h.state.form().is_none());
    assert_eq!(
        request_status(&h, "DSR-2026-0002"),
        dpo_workbench::domain::request::RequestStatus::Extended
    );
}

#[test]
fn pause_and_resume_with_one_key() {
    use dpo_workbench::domain::request::RequestStatus;
    let mut h = Harness::demo(130, 36);
    open_request(&mut h, "DSR-2026-0009");
    h.key(KeyCode::Char('p'));
    assert_eq!(h.form_value("pause_kind"), "clarification");
    h.ctrl('s');
    assert_eq!(
        request_status(&h, "DSR-2026-0009"),
        RequestStatus::AwaitingDataSubject
    );
    h.key(KeyCode::Char('p'));
    assert!(h
        .state
        .form()
        .unwrap()
        .form
        .title
        .contains("resume the clock"));
    h.ctrl('s');
    assert_eq!(
        request_status(&h, "DSR-2026-0009"),
        RequestStatus::InProgress
    );
    let history = &h.state.request_events.as_ref().unwrap().1;
    assert!(history.iter().any(|e| e.kind == "resumed"), "{history:?}");
}

#[test]
fn a_refusal_needs_its_reason_and_the_art_12_4_notice() {
    use dpo_workbench::domain::request::RequestStatus;
    let mut h = Harness::demo(130, 36);
    open_request(&mut h, "DSR-2026-0002");
    h.key(KeyCode::Char('r'));
    h.type_text("Manifestly unfounded");
    h.ctrl('s');
    let form = &h.state.form().expect("refused: still open").form;
    assert!(
        form.errors.to_string().contains("judicial remedy"),
        "{}",
        form.errors
    );
    assert_eq!(
        request_status(&h, "DSR-2026-0002"),
        RequestStatus::InProgress,
        "nothing saved"
    );
    h.state.form_mut().unwrap().form.focus_field("informed");
    h.key(KeyCode::Right);
    h.ctrl('s');
    assert!(h.state.form().is_none());
    assert_eq!(request_status(&h, "DSR-2026-0002"), RequestStatus::Refused);
    h.key(KeyCode::Char('c'));
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("already refused"));
}

#[test]
fn identity_answer_ends_the_identity_pause() {
    use dpo_workbench::domain::request::RequestStatus;
    let mut h = Harness::demo(130, 36);
    open_request(&mut h, "DSR-2026-0005");
    h.key(KeyCode::Char('p'));
    assert!(h.state.message.as_ref().unwrap().text.contains("press i"));
    h.key(KeyCode::Char('i'));
    assert_eq!(h.form_value("identity_outcome"), "verified");
    h.ctrl('s');
    assert_eq!(
        request_status(&h, "DSR-2026-0005"),
        RequestStatus::InProgress
    );
}

#[test]
fn snapshot_requests_list_and_detail() {
    let mut h = Harness::demo(130, 36);
    h.key(KeyCode::Char('3'));
    insta::assert_snapshot!(h.screen());
}

/// The references of the loaded rows, in the order the list shows them.
fn listed_references(h: &Harness) -> Vec<String> {
    h.state
        .requests
        .rows
        .iter()
        .map(|row| row.request.reference.clone())
        .collect()
}

/// (received date, id) of the loaded rows, in the order the list shows them.
fn listed_arrivals(h: &Harness) -> Vec<(chrono::NaiveDate, i64)> {
    h.state
        .requests
        .rows
        .iter()
        .map(|row| (row.request.received_on, row.id))
        .collect()
}

#[test]
fn o_sorts_the_requests_by_the_next_column_and_o_reverses_from_the_top() {
    let mut h = Harness::demo(130, 36);
    h.key(KeyCode::Char('3'));
    let due_first = listed_references(&h);
    // From a request in the middle: the new order is shown from its top.
    for _ in 0..4 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('o'));
    assert_eq!(h.state.request_order.by, RequestSort::Received);
    assert_eq!(h.state.requests.selected, 0);
    let received = listed_arrivals(&h);
    let mut sorted = received.clone();
    sorted.sort();
    assert_eq!(received, sorted, "oldest first");
    assert_ne!(listed_references(&h), due_first);
    let text = h.screen();
    assert!(text.contains("Received ▲"), "{text}");
    assert!(
        !text.contains("Left "),
        "the received date replaces the days left"
    );
    assert!(text.contains("Sorted by received ▲ (oldest first)"));
    // O: the same order from its other end.
    h.key(KeyCode::Char('O'));
    let mut reversed = received.clone();
    reversed.reverse();
    assert_eq!(listed_arrivals(&h), reversed);
    assert_eq!(h.state.requests.selected, 0);
    assert!(h.screen().contains("Received ▼"));
    // On through reference, right and status, back to due (ascending again).
    h.key(KeyCode::Char('o'));
    let references = listed_references(&h);
    let mut by_reference = references.clone();
    by_reference.sort();
    assert_eq!(references, by_reference);
    for _ in 0..3 {
        h.key(KeyCode::Char('o'));
    }
    assert_eq!(h.state.request_order, RequestOrder::default());
    assert_eq!(listed_references(&h), due_first);
    // The order holds while filtering, and a filtered list keeps it.
    h.key(KeyCode::Char('O'));
    h.key(KeyCode::Char('/'));
    h.type_text("dsr");
    let mut filtered = due_first.clone();
    filtered.reverse();
    assert_eq!(listed_references(&h), filtered);
}

#[test]
fn snapshot_requests_sorted_by_received_newest_first() {
    let mut h = Harness::demo(130, 36);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Char('O'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_step_form_refused_by_the_rules() {
    let mut h = Harness::demo(130, 36);
    open_request(&mut h, "DSR-2026-0002");
    h.key(KeyCode::Char('r'));
    h.type_text("Manifestly unfounded");
    h.ctrl('s');
    insta::assert_snapshot!(h.screen());
}

#[test]
fn saving_the_settings_moves_the_dates_on_screen_and_can_be_done_twice() {
    let mut h = Harness::demo(130, 36);
    open_request(&mut h, "DSR-2026-0009"); // received today: due Wed 23 Dec 2026
    let before = h.state.requests.selected_row().unwrap().due_on;
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Char('e'));
    h.state.form_mut().unwrap().form.focus_field("closure_days");
    h.type_text(&before.to_string());
    h.save();
    assert_eq!(
        h.state.organisation.as_ref().unwrap().settings.closure_days,
        vec![before],
        "screen shows the new settings"
    );
    let after = h.state.requests.selected_row().unwrap().due_on;
    assert!(
        after < before,
        "the list follows the new closure day, answered the open day before: {before} -> {after}"
    );
    // A second save right away is not mistaken for another window's change.
    h.key(KeyCode::Char('e'));
    h.state.form_mut().unwrap().form.focus_field("dpo_phone");
    h.type_text("1");
    h.save();
}

#[test]
fn the_requests_tab_says_how_many_are_overdue_and_late_answers_show() {
    let mut h = Harness::demo(160, 36);
    assert_eq!(h.state.overdue_requests(), 1);
    assert!(h.screen().contains("3 Requests · 1 overdue"));
    open_request(&mut h, "DSR-2026-0001");
    h.key(KeyCode::Char('c'));
    h.ctrl('s');
    let message = &h.state.message.as_ref().unwrap().text;
    assert!(message.contains("7 days after the deadline"), "{message}");
    assert_eq!(h.state.overdue_requests(), 0);
    assert!(
        h.screen().contains("7 days late"),
        "the list keeps the lateness of a closed request"
    );
}

#[test]
fn the_detail_pane_scrolls_and_starts_at_the_top_for_the_next_record() {
    let mut h = Harness::demo(90, 24);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('J'));
    assert_eq!(h.state.detail_scroll, 3);
    h.key(KeyCode::Char('K'));
    h.key(KeyCode::Char('J'));
    h.key(KeyCode::Down);
    assert_eq!(h.state.detail_scroll, 0);
}

fn open_breach(h: &mut Harness, text: &str) {
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Char('/'));
    h.type_text(text);
    h.key(KeyCode::Enter);
    assert_eq!(h.state.breaches.total, 1, "one breach matches {text}");
}

#[test]
fn the_breach_inside_its_72_hours_counts_down_with_the_clock() {
    let mut h = Harness::demo(190, 36);
    h.key(KeyCode::Char('4'));
    assert_eq!(h.state.breaches.total, 5);
    let first = h.state.breaches.selected_row().unwrap();
    assert_eq!(
        first.breach.title, "Portal passwords written to a debug log",
        "the running clock comes first"
    );
    assert!(
        h.screen().contains("52 h 00 min left"),
        "aware 20 hours ago"
    );
    // Time is injected: two hours later the countdown says so, without any key.
    h.act(Action::Clock {
        now: fixed_now() + chrono::Duration::minutes(125),
        today: fixed_today(),
    });
    assert!(h.screen().contains("49 h 55 min left"));
    h.act(Action::Clock {
        now: fixed_now() + chrono::Duration::hours(53),
        today: fixed_today(),
    });
    let screen = h.screen();
    assert!(screen.contains("1 h 00 min late"), "{screen}");
    assert!(
        screen.contains("4 Breaches · 1 overdue"),
        "the tab says a notification is overdue"
    );
}

#[test]
fn a_late_first_notification_is_refused_without_reasons() {
    let mut h = Harness::demo(130, 36);
    open_breach(&mut h, "portal passwords");
    h.act(Action::Clock {
        now: fixed_now() + chrono::Duration::hours(60),
        today: fixed_today(),
    });
    h.key(KeyCode::Char('n'));
    assert_eq!(
        h.form_value("authority"),
        "NO",
        "the register's own authority by default"
    );
    assert_eq!(h.form_value("kind"), "initial");
    h.ctrl('s');
    let errors = &h.state.form().expect("refused").form.errors;
    assert!(
        errors
            .get("delay_reason")
            .unwrap()
            .contains("after the 72-hour deadline"),
        "{errors}"
    );
    h.state.form_mut().unwrap().form.focus_field("delay_reason");
    h.type_text("Forensic analysis was needed to confirm which accounts were exposed");
    h.ctrl('s');
    assert!(h.state.form().is_none(), "saved with reasons");
    let row = h.state.breaches.selected_row().unwrap();
    assert_eq!(row.notifications.len(), 1);
    assert_eq!(
        row.breach.status,
        dpo_workbench::domain::breach::BreachStatus::Notified
    );
    assert!(h.screen().contains("notified late"));
}

#[test]
fn recording_a_breach_refuses_an_ambiguous_autumn_time() {
    let mut h = Harness::demo(130, 36);
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Char('a'));
    assert_eq!(
        h.form_value("aware_at"),
        "2026-11-23T11:00+01:00",
        "now, in the register's zone with its offset"
    );
    h.type_text("Backup tape missing");
    h.state
        .form_mut()
        .unwrap()
        .form
        .focus_field("confidentiality");
    h.key(KeyCode::Right);
    h.state.form_mut().unwrap().form.focus_field("aware_at");
    for _ in 0.."2026-11-23T11:00+01:00".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("2026-10-25T02:30");
    h.ctrl('s');
    let errors = &h.state.form().expect("refused").form.errors;
    assert!(
        errors
            .get("aware_at")
            .unwrap()
            .contains("happens twice in Europe/Oslo"),
        "{errors}"
    );
    h.type_text("+01:00");
    h.save();
    assert_eq!(h.state.breaches.total, 6, "the demo's five and this one");
}

#[test]
fn the_decision_panel_follows_the_risk_level() {
    let mut h = Harness::demo(160, 40);
    open_breach(&mut h, "ransomware");
    let screen = h.screen();
    assert!(screen.contains("✓ Authority notified"), "{screen}");
    assert!(screen.contains("✓ Data subjects told"), "{screen}");
    h.key(KeyCode::Esc);
    open_breach(&mut h, "encrypted laptop");
    assert!(h
        .screen()
        .contains("Not notified: a risk is unlikely, reasoning recorded"));
    h.key(KeyCode::Char('n'));
    assert!(
        h.state.form().is_none(),
        "a no-risk breach cannot be notified before its risk level changes"
    );
}

#[test]
fn snapshot_breaches_list_and_decision_panel() {
    let mut h = Harness::demo(130, 36);
    h.key(KeyCode::Char('4'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn deleting_a_processor_named_in_a_breach_says_so() {
    let mut h = Harness::demo(130, 36);
    h.type_text("/questback");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('d'));
    let Some(Modal::Confirm(confirm)) = &h.state.modal else {
        panic!("no confirmation")
    };
    assert!(
        confirm
            .lines
            .join("\n")
            .contains("1 breach record(s) name it"),
        "{:?}",
        confirm.lines
    );
    let text = confirm.lines.join("\n");
    assert!(
        text.contains("1 processing activity sends data to it")
            && text.contains("• Customer satisfaction survey"),
        "{text}"
    );
}

#[test]
fn a_breach_names_the_activities_it_hit_and_the_form_changes_them() {
    let mut h = Harness::demo(160, 40);
    open_breach(&mut h, "ransomware");
    assert!(h
        .screen()
        .contains("Activities    Customer satisfaction survey"));
    h.key(KeyCode::Char('e'));
    assert!(h.state.form().is_some(), "the edit form is open");
    h.state.form_mut().unwrap().form.focus_field("activities");
    let screen = h.screen();
    assert!(screen.contains("Space ticks"), "{screen}");
    // Jump to "Bookkeeping…" by its first letter and tick it; the survey stays ticked.
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char(' '));
    h.save();
    let row = h.state.breaches.selected_row().unwrap();
    let names: Vec<&str> = row.activities.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Customer satisfaction survey"));
    assert!(names[0].starts_with('B'), "{names:?}");
}

/// The breach form offers the register's processors for "Processor" (the
/// Art. 30(2) records took them, and the field offered only "(none)").
#[test]
fn a_breach_form_names_a_processor_among_the_registers() {
    let mut h = Harness::demo(160, 40);
    open_breach(&mut h, "ransomware");
    h.key(KeyCode::Char('e'));
    let form = &mut h.state.form_mut().unwrap().form;
    form.focus_field("processor_id");
    let before = form.value("processor_id");
    h.key(KeyCode::Right);
    let chosen = h.state.form().unwrap().form.value("processor_id");
    assert_ne!(chosen, before, "→ chooses another processor");
    assert!(chosen.parse::<i64>().is_ok(), "{chosen:?}");
    let controller = h.state.form().unwrap().form.value("processor_record_id");
    assert_eq!(controller, "", "a breach as controller stays so");
    h.save();
    let row = h.state.breaches.selected_row().unwrap();
    assert_eq!(row.breach.processor_id, chosen.parse().ok());
    assert!(row.processor_name.is_some());
}

#[test]
fn snapshot_activities_list_and_record() {
    let mut h = Harness::demo(130, 40);
    h.key(KeyCode::Char('2'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn the_activities_list_narrows_to_incomplete_records_and_back() {
    let mut h = Harness::demo(130, 40);
    h.key(KeyCode::Char('2'));
    assert_eq!(h.state.activities.total, 8);
    h.key(KeyCode::Char('i'));
    assert_eq!(h.state.activities.total, 1);
    let screen = h.screen();
    assert!(screen.contains("Activities · incomplete only"), "{screen}");
    assert!(screen.contains("Telemetry analytics"), "{screen}");
    assert!(screen.contains("✗ 30(1)(f)"), "{screen}");
    assert!(
        screen.contains("! Art. 35"),
        "the missing DPIA is a finding: {screen}"
    );
    h.key(KeyCode::Char('i'));
    assert_eq!(h.state.activities.total, 8);
    assert!(
        h.state
            .activities
            .selected_row()
            .unwrap()
            .activity
            .name
            .starts_with("Telemetry"),
        "the record stays selected"
    );
}

#[test]
fn enter_goes_to_the_processor_and_asks_which_when_there_are_several() {
    let mut h = Harness::demo(130, 40);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('/'));
    h.type_text("bookkeeping");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.state.tab,
        Tab::Processors,
        "one processor: straight there"
    );
    assert_eq!(h.selected_name(), "Tripletex AS");

    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Esc); // clear the filter
    h.key(KeyCode::Char('/'));
    h.type_text("customer administration");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let Some(Modal::Pick(pick)) = &h.state.modal else {
        panic!("several processors: a choice")
    };
    assert!(pick.options.len() >= 2, "{:?}", pick.options);
    let second = pick.options[1].1.clone();
    assert!(h.screen().contains("Enter go · Esc/q close"));
    // `/` (the switcher's find) starts no filter on the list under it.
    h.key(KeyCode::Char('/'));
    assert!(matches!(h.state.modal, Some(Modal::Pick(_))));
    assert!(!h.state.activities.filtering);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(h.state.tab, Tab::Processors);
    assert!(second.starts_with(&h.selected_name()), "{second}");
    assert!(h.screen().contains("Used by"), "and the way back is shown");
}

#[test]
fn an_activity_form_explains_the_line_grammar_and_keeps_an_incomplete_record_a_draft() {
    let mut h = Harness::demo(130, 40);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('a'));
    h.type_text("Whistleblowing channel");
    h.state
        .form_mut()
        .unwrap()
        .form
        .focus_field("data_categories");
    h.type_text("Reports; art10; keep forever");
    h.state.form_mut().unwrap().form.focus_field("status");
    h.key(KeyCode::Char('a')); // Approved, by its first letter
    assert_eq!(h.form_value("status"), "approved");
    h.ctrl('s');
    let errors = &h.state.form().expect("refused").form.errors;
    let message = errors.get("data_categories").unwrap();
    assert!(
        message.starts_with("line 1: 'forever' is not a retention period"),
        "{message}"
    );
    for _ in 0.."forever".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("5 years after the case is closed");
    h.ctrl('s');
    assert!(h.state.form().is_none(), "saved");
    let row = h.state.activities.selected_row().unwrap();
    assert_eq!(row.activity.name, "Whistleblowing channel");
    assert_eq!(
        row.activity.status,
        dpo_workbench::domain::activity::ActivityStatus::Draft
    );
    let message = h.state.message.as_ref().unwrap().text.clone();
    assert!(
        message.contains("kept as a draft") && message.contains("30(1)(b)"),
        "{message}"
    );
    assert_eq!(h.state.activities.total, 9);
}

#[test]
fn art_30_2_records_list_what_they_lack_and_need_a_controller() {
    let mut h = Harness::demo(130, 40);
    h.key(KeyCode::Char('6'));
    assert_eq!(h.state.processor_records.total, 2);
    let screen = h.screen();
    assert!(screen.contains("Art. 30(2)"), "{screen}");
    assert!(
        screen.contains("1 missing"),
        "one demo record lacks its measures: {screen}"
    );
    assert!(h
        .screen()
        .contains("✓ Every Art. 30(2) point is documented"));
    h.key(KeyCode::Down);
    let screen = h.screen();
    assert!(screen.contains("Vestland Energi AS"), "{screen}");
    assert!(screen.contains("✗ 30(2)(d)"), "{screen}");

    h.key(KeyCode::Char('a'));
    h.state
        .form_mut()
        .unwrap()
        .form
        .focus_field("processing_categories");
    h.type_text("Hosting of the customer portal");
    h.ctrl('s');
    let errors = &h.state.form().expect("refused").form.errors;
    assert_eq!(errors.get("controller_name"), Some("required"));
    h.state
        .form_mut()
        .unwrap()
        .form
        .focus_field("controller_name");
    h.type_text("Vestland Kraft AS");
    h.ctrl('s');
    assert!(h.state.form().is_none());
    assert_eq!(h.state.processor_records.total, 3);
    let row = h.state.processor_records.selected_row().unwrap();
    assert_eq!(row.record.controller_name, "Vestland Kraft AS");
    assert!(h.screen().contains("✗ 30(2)(a)"), "no contact yet");

    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert_eq!(h.state.processor_records.total, 2);
}

#[test]
fn the_processors_list_says_which_agreements_need_action() {
    let mut h = Harness::demo(130, 40);
    let screen = h.screen();
    // The list is left of the detail pane ("││" is where they meet).
    let line = |name: &str| {
        screen
            .lines()
            .map(|l| l.split("││").next().unwrap_or(l))
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not listed"))
            .to_string()
    };
    assert!(line("Amazon Web Services E").contains("review 12 d late"));
    assert!(line("Questback AS").contains("review in 20 d"));
    assert!(
        line("Hotjar Ltd").contains("none"),
        "a processor without an agreement"
    );
    assert!(line("Amazon Web Services, Inc.").contains("via parent"));
    assert!(
        !line("Telenor Norge AS").contains("none"),
        "not a processor"
    );
    // The reminders follow the clock: a day later the review is 13 days late.
    h.act(Action::Clock {
        now: fixed_now() + chrono::Duration::days(1),
        today: fixed_today() + chrono::Duration::days(1),
    });
    assert!(h.screen().contains("review 13 d late"));
}

#[test]
fn a_processors_details_show_its_agreement_transfers_and_notices() {
    let mut h = Harness::demo(140, 50);
    h.type_text("/questback");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Processor agreement (Art. 28)"), "{screen}");
    assert!(screen.contains("(in 20 days)"), "{screen}");
    assert!(
        screen.contains("9 of 10 covered; missing: 28(4) flow-down"),
        "{screen}"
    );
    assert!(
        screen.contains("general authorisation, 14 days to object"),
        "{screen}"
    );
    assert!(
        screen.contains("Hetzner Online GmbH, received 2026-11-18: object by")
            && screen.contains("2026-12-02 (9 days left)"),
        "the running objection period: {screen}"
    );

    h.key(KeyCode::Esc);
    h.type_text("/amazon web services, inc");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("US · SCC 2021/914 module 3"), "{screen}");
    assert!(screen.contains("TIA TIA-2025-03"), "{screen}");

    h.key(KeyCode::Esc);
    h.type_text("/hotjar");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("No agreement recorded"));
}

#[test]
fn recording_an_agreement_checks_its_dates_and_document_and_updates_the_list() {
    let mut h = Harness::demo(140, 50);
    h.type_text("/recruitment manager");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('c'));
    assert_eq!(
        h.form_value("status"),
        "in_negotiation",
        "the current agreement is edited"
    );
    h.key(KeyCode::Char('s')); // Signed, by its first letter
    assert_eq!(h.form_value("status"), "signed");
    let form = |h: &mut Harness, key: &str, text: &str| {
        h.state.form_mut().unwrap().form.focus_field(key);
        h.type_text(text);
    };
    form(&mut h, "signed_on", "2026-11-20");
    form(&mut h, "review_on", "2026-11-01");
    form(&mut h, "document", "contracts/recruitment-manager.pdf");
    h.ctrl('s');
    let errors = h.state.form().expect("refused").form.errors.clone();
    assert!(errors
        .get("review_on")
        .unwrap()
        .contains("before the signing date"));
    h.state.form_mut().unwrap().form.focus_field("review_on");
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("27"); // 2026-11-27
    h.ctrl('s');
    let errors = h
        .state
        .form()
        .expect("the file does not exist")
        .form
        .errors
        .clone();
    assert!(
        errors.get("document").unwrap().starts_with("no file at "),
        "{errors}"
    );
    h.state.form_mut().unwrap().form.focus_field("document");
    for _ in 0.."contracts/recruitment-manager.pdf".len() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("https://example.com/recruitment-manager-dpa.pdf");
    h.ctrl('s');
    assert!(h.state.form().is_none(), "saved");
    let screen = h.screen();
    assert!(screen.contains("review in 4 d"), "{screen}");
    assert!(screen.contains("Signed, draft 0.9"), "{screen}");

    // A new version supersedes the signed one, which stays on record.
    h.key(KeyCode::Char('C'));
    assert_eq!(h.form_value("status"), "requested");
    h.state.form_mut().unwrap().form.focus_field("version");
    h.type_text("1.0");
    h.ctrl('s');
    assert!(h.state.form().is_none());
    let screen = h.screen();
    assert!(screen.contains("Requested, 1.0"), "{screen}");
    assert!(
        screen.contains("draft 0.9, signed 2026-11-20 (superseded)"),
        "{screen}"
    );
}

#[test]
fn a_transfer_form_warns_of_an_inconsistent_tool_without_refusing_it() {
    let mut h = Harness::demo(140, 50);
    h.type_text("/telenor");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('t'));
    h.type_text("CN");
    assert!(
        h.screen()
            .contains("! SCC Clause 14 requires a documented transfer impact assessment"),
        "the default tool, SCCs, wants a TIA"
    );
    h.state.form_mut().unwrap().form.focus_field("tool");
    h.key(KeyCode::Home);
    h.key(KeyCode::Right);
    assert_eq!(h.form_value("tool"), "adequacy");
    let screen = h.screen();
    assert!(
        screen.contains("! there is no adequacy decision in force for CN"),
        "{screen}"
    );
    h.ctrl('s');
    assert!(h.state.form().is_none(), "a warning does not stop the save");
    let screen = h.screen();
    assert!(
        screen.contains("CN · Adequacy decision (Art. 45)"),
        "{screen}"
    );
    assert!(screen.contains("! there is no adequacy decision in force for CN"));

    h.key(KeyCode::Char('T'));
    assert_eq!(
        h.form_value("country"),
        "CN",
        "the one transfer opens for editing"
    );
    h.state.form_mut().unwrap().form.focus_field("country");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.type_text("XX");
    h.ctrl('s');
    let errors = h.state.form().expect("refused").form.errors.clone();
    assert!(errors
        .get("country")
        .unwrap()
        .contains("'XX' is not an ISO"));
}

#[test]
fn change_notices_start_the_objection_clock_and_take_a_decision() {
    let mut h = Harness::demo(140, 50);
    h.type_text("/intility");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('o'));
    assert_eq!(
        h.form_value("received_on"),
        "2026-11-23",
        "today by default"
    );
    h.type_text("Cloudflare Ireland Ltd");
    h.ctrl('s');
    assert!(h.state.form().is_none());
    let screen = h.screen();
    assert!(
        screen.contains("Cloudflare Ireland Ltd, received 2026-11-23: object by"),
        "{screen}"
    );
    assert!(screen.contains("2026-12-23 (30 days left)"), "{screen}");

    h.key(KeyCode::Char('v'));
    h.key(KeyCode::Char('o')); // Objected, by its first letter
    assert_eq!(h.form_value("decision"), "objected");
    h.ctrl('s');
    assert!(h.state.form().is_none());
    let screen = h.screen();
    assert!(
        screen.contains("Cloudflare Ireland Ltd, received 2026-11-23: objected")
            && screen.contains("Decision recorded: objected"),
        "{screen}"
    );
    h.key(KeyCode::Char('v'));
    assert!(h.state.form().is_none(), "nothing left to decide");

    h.key(KeyCode::Esc);
    h.type_text("/telenor");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('o'));
    h.type_text("Some Sub AS");
    h.ctrl('s');
    let errors = h.state.form().expect("refused").form.errors.clone();
    assert!(
        errors
            .get("sub_processor")
            .unwrap()
            .contains("agreement with its objection period first"),
        "{errors}"
    );
}

#[test]
fn a_processor_chain_folds_and_unfolds() {
    let mut h = Harness::demo(130, 40);
    let all = h.state.processors.total;
    h.type_text("/intility");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc); // back to the whole list, Intility still selected
    assert_eq!(h.selected_name(), "Intility AS");
    assert!(h.screen().contains("▾ Intility AS"));
    h.key(KeyCode::Char(' '));
    assert_eq!(
        h.state.processors.total,
        all - 1,
        "its sub-processor is hidden"
    );
    assert_eq!(h.selected_name(), "Intility AS", "the selection stays");
    assert!(h.screen().contains("▸ Intility AS"));
    h.key(KeyCode::Left);
    assert_eq!(
        h.state.processors.total,
        all - 1,
        "folding twice changes nothing"
    );
    h.key(KeyCode::Right);
    assert_eq!(h.state.processors.total, all);
    h.key(KeyCode::Char('g'));
    h.key(KeyCode::Char(' '));
    assert!(
        h.screen().contains("▸ Amazon Web Services EMEA"),
        "the first chain folds too"
    );
}

#[test]
fn a_recorded_document_is_checked_against_its_fingerprint() {
    let mut h = Harness::demo(140, 50);
    let folder = h._dir.path().to_path_buf();
    std::fs::create_dir(folder.join("contracts")).unwrap();
    std::fs::write(folder.join("contracts/hotjar.pdf"), b"signed version").unwrap();
    h.type_text("/hotjar");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('c'));
    h.state.form_mut().unwrap().form.focus_field("document");
    h.type_text("contracts/hotjar.pdf");
    h.save();
    assert!(h.screen().contains("the file matches its recorded SHA-256"));

    std::fs::write(folder.join("contracts/hotjar.pdf"), b"someone edited it").unwrap();
    h.key(KeyCode::Esc); // the whole list: the selection moves off and back
    h.key(KeyCode::Char('g'));
    h.type_text("/hotjar");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("the file has changed or gone"), "{screen}");
    // And `dpo check` and the Dashboard say so too.
    let now = clock().now();
    let moment = dpo_workbench::domain::findings::Moment {
        today: now.date_naive(),
        now,
    };
    let findings = dpo_workbench::services::check::lint(&h.register, moment).unwrap();
    let changed: Vec<_> = findings
        .iter()
        .filter(|f| f.code == "dpa-document-changed")
        .collect();
    assert_eq!(changed.len(), 1, "{findings:#?}");
    assert_eq!(changed[0].record.label, "Hotjar Ltd");
    assert!(changed[0].message.contains("contracts/hotjar.pdf"));
}

#[test]
fn snapshot_agreement_detail_with_a_clause_note() {
    let mut h = Harness::demo(140, 50);
    h.type_text("/questback");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('c'));
    h.state.form_mut().unwrap().form.focus_field("notes");
    h.type_text("28_4: flow-down promised for version 2.2");
    h.save();
    insta::assert_snapshot!(h.screen());
}

#[test]
fn an_agreement_transfer_or_notice_recorded_by_mistake_can_be_deleted() {
    let mut h = Harness::demo(140, 50);
    h.type_text("/microsoft corporation");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("US · EU-US Data Privacy Framework"));
    h.key(KeyCode::Char('x'));
    let Some(Modal::Pick(pick)) = &h.state.modal else {
        panic!("a choice of what to delete")
    };
    assert_eq!(pick.options.len(), 1, "{:?}", pick.options);
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.state.modal, Some(Modal::Confirm(_))),
        "asks first"
    );
    h.key(KeyCode::Char('n'));
    assert!(
        h.screen().contains("US · EU-US Data Privacy Framework"),
        "n keeps it"
    );
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    assert!(!h.screen().contains("US · EU-US Data Privacy Framework"));
    assert_eq!(
        h.register.all_transfers().unwrap().len(),
        4,
        "one of five demo transfers went"
    );
}

#[test]
fn an_activity_shows_the_transfers_down_its_processors_chains() {
    let mut h = Harness::demo(140, 50);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('/'));
    h.type_text("customer administration");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("Via processors US via Amazon Web Services, Inc. (SCC"),
        "the sub-processor's transfer reaches the activity: {screen}"
    );
}

#[test]
fn the_art_30_2_detail_keeps_a_space_after_every_label() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Char('6'));
    let screen = h.screen();
    assert!(screen.contains("Controller's DPO  Kari Nilsen"), "{screen}");
}

#[test]
fn activities_follow_the_organisation_when_its_contact_goes() {
    let mut h = Harness::demo(160, 40);
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Char('e'));
    for (field, text) in [
        ("dpo_email", "personvern@fjordvakt.example"),
        ("dpo_phone", "+47 61 00 00 00"),
        ("contact_email", "post@fjordvakt.example"),
        ("contact_phone", "+47 62 00 00 00"),
    ] {
        h.state.form_mut().unwrap().form.focus_field(field);
        for _ in 0..text.chars().count() {
            h.key(KeyCode::Backspace);
        }
    }
    h.save();
    assert!(h.screen().contains("2 Activities · 8 incomplete"));
    h.key(KeyCode::Char('2'));
    assert!(h.screen().contains("✗ 30(1)(a)"), "the list was reloaded");
}

// ---- Export and import dialogs (E, I) ----

fn count_requests(h: &Harness) -> usize {
    h.register.count_requests("").unwrap()
}

/// Writes `text` beside the register and returns its path.
fn write_beside(h: &Harness, name: &str, text: &str) -> std::path::PathBuf {
    let path = h.register.folder().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A requests.csv in the export's columns, one line per (reference, right, received_on).
fn requests_csv(rows: &[(&str, &str, &str)]) -> String {
    let mut text = "reference,subject_ref,right,received_on,received_at,channel,representative,identity,identity_requested_on,identity_verified_on,status,extension_reason,extension_notice_sent_on,closed_on,refusal_reason,informed_of_remedies,notes\r\n".to_string();
    for (reference, right, day) in rows {
        text.push_str(&format!(
            "{reference},Customer,{right},{day},,email,no,not_needed,,,in_progress,,,,,no,\r\n"
        ));
    }
    text
}

fn report(h: &Harness) -> dpo_workbench::tui::state::Report {
    match &h.state.modal {
        Some(Modal::Report(r)) => r.clone(),
        other => panic!("a report is shown, not {other:?}"),
    }
}

#[test]
fn the_export_dialog_writes_the_workbook_first_then_csv_each_time_somewhere_new() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Char('E'));
    assert_eq!(h.form_value("format"), "xlsx", "the workbook first");
    assert_eq!(h.form_value("profile"), "rfc4180", "as `dpo export`");
    assert_eq!(h.form_value("folder"), "", "named when saved");
    h.ctrl('s');
    let r = report(&h);
    assert!(!r.failed, "{r:?}");
    // Named after the register and the moment in its zone (11:00 in Oslo).
    let workbook = h.register.folder().join("demo-2026-11-23-1100.xlsx");
    assert!(workbook.exists(), "{r:?}");
    // A key meant for a screen is not swallowed silently: the bar says how
    // the report closes.
    h.key(KeyCode::Char('3'));
    assert!(matches!(h.state.modal, Some(Modal::Report(_))));
    let said = h
        .state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(said, "Esc closes it first");
    h.key(KeyCode::Esc);

    h.key(KeyCode::Char('E'));
    tab_to(&mut h, "format");
    h.key(KeyCode::Right); // CSV files
    tab_to(&mut h, "profile");
    h.key(KeyCode::Right); // excel
    h.ctrl('s');
    let r = report(&h);
    let tables = dpo_workbench::exchange::tables::Table::ALL.len();
    assert_eq!(r.title, format!("Exported {tables} files"));
    let folder = h.register.folder().join("demo-excel-2026-11-23-1100");
    let processors = std::fs::read_to_string(folder.join("processors.csv")).unwrap();
    assert!(
        processors.starts_with('\u{feff}'),
        "the excel profile: a BOM"
    );
    assert!(r
        .lines
        .iter()
        .any(|l| l.starts_with("processors.csv") && l.ends_with("19 records")));
    h.key(KeyCode::Esc);
    // The same export again in the same minute would mix: refused.
    h.key(KeyCode::Char('E'));
    assert_eq!(
        h.form_value("format"),
        "csv",
        "the dialog opens as last used"
    );
    h.ctrl('s');
    let open = h.state.form().expect("the dialog stays open");
    assert!(
        open.form
            .errors
            .get("folder")
            .unwrap()
            .contains("is not empty"),
        "{:?}",
        open.form.errors
    );
}

#[test]
fn an_authority_layout_of_every_table_is_refused_at_the_field() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Char('E'));
    tab_to(&mut h, "format");
    h.key(KeyCode::Right); // CSV files
    tab_to(&mut h, "profile");
    h.key(KeyCode::Right);
    h.key(KeyCode::Right); // ico
    assert_eq!(h.form_value("profile"), "ico");
    h.ctrl('s');
    let open = h.state.form().expect("the dialog stays open");
    assert!(open
        .form
        .errors
        .get("profile")
        .unwrap()
        .contains("activities, processors or breaches table"));
    assert!(!h
        .register
        .folder()
        .join("demo-ico-2026-11-23-1100")
        .exists());
}

#[test]
fn an_export_into_a_file_path_is_refused_before_anything_starts() {
    let mut h = Harness::demo(120, 40);
    // The workbook typed without its ending gets it, and that file is there.
    write_beside(&h, "taken.xlsx", "a file");
    h.key(KeyCode::Char('E'));
    tab_to(&mut h, "folder");
    h.type_text("taken");
    h.ctrl('s');
    let open = h.state.form().expect("the dialog stays open");
    assert!(open
        .form
        .errors
        .get("folder")
        .unwrap()
        .contains("exists already"));
    assert_eq!(
        std::fs::read_to_string(h.register.folder().join("taken.xlsx")).unwrap(),
        "a file"
    );
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Not started"));
}

#[test]
fn an_import_with_bad_rows_shows_every_error_and_writes_nothing() {
    let mut h = Harness::demo(120, 40);
    let before = count_requests(&h);
    write_beside(
        &h,
        "requests.csv",
        &requests_csv(&[
            ("DSR-NEW-1", "art15_access", "2026-11-20"),
            ("DSR-NEW-2", "art99", "2026-13-01"),
        ]),
    );
    h.key(KeyCode::Char('I'));
    h.type_text("requests.csv");
    h.ctrl('s');
    let r = report(&h);
    assert!(r.failed);
    assert_eq!(r.title, "Not imported: 2 errors", "{:?}", r.lines);
    assert!(
        r.lines[0].contains("line 3, column right ('art99')"),
        "{:?}",
        r.lines
    );
    assert!(r.lines[1].contains("column received_on"), "{:?}", r.lines);
    assert_eq!(count_requests(&h), before, "nothing written");
    // Opened again, the dialog holds the last path, selected: typing replaces it…
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('I'));
    assert_eq!(h.form_value("source"), "requests.csv");
    h.type_text("other.csv");
    assert_eq!(h.form_value("source"), "other.csv");
    // …and an arrow key keeps it to be edited.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y')); // drop the change
    h.key(KeyCode::Char('I'));
    h.key(KeyCode::End);
    h.type_text(".bak");
    assert_eq!(h.form_value("source"), "requests.csv.bak");
}

#[test]
fn an_import_is_checked_then_confirmed_then_written_and_the_lists_reload() {
    let mut h = Harness::demo(120, 40);
    let before = count_requests(&h);
    write_beside(
        &h,
        "new-requests.csv",
        &requests_csv(&[("DSR-NEW-1", "art15_access", "2026-11-20")]),
    );
    h.key(KeyCode::Char('I'));
    h.type_text("new-requests.csv");
    h.ctrl('s');
    // Not named after a table: the dialog asks which one it holds.
    let open = h.state.form().expect("the dialog stays open");
    assert!(open
        .form
        .errors
        .get("table")
        .unwrap()
        .contains("choose the table"));
    assert_eq!(
        open.form.fields[open.form.focus].key, "table",
        "the error's field has the focus"
    );
    for _ in 0..6 {
        // organisation, deadline_settings, processors, processor_records,
        // processor_record_processors, requests
        h.key(KeyCode::Right);
    }
    assert_eq!(h.form_value("table"), "requests");
    h.ctrl('s');
    let Some(Modal::Confirm(confirm)) = &h.state.modal else {
        panic!("the check asks before writing: {:?}", h.state.modal)
    };
    assert_eq!(
        confirm.lines[0],
        "new-requests.csv: 1 to insert, 0 to update"
    );
    assert_eq!(count_requests(&h), before, "the check wrote nothing");
    h.key(KeyCode::Char('y'));
    let r = report(&h);
    assert_eq!(r.title, "Imported");
    assert_eq!(count_requests(&h), before + 1);
    assert_eq!(h.state.requests.total, before + 1, "the list shows it");
}

#[test]
fn saying_no_to_a_checked_import_writes_nothing() {
    let mut h = Harness::demo(120, 40);
    let before = count_requests(&h);
    write_beside(
        &h,
        "requests.csv",
        &requests_csv(&[("DSR-NEW-1", "art15_access", "2026-11-20")]),
    );
    h.key(KeyCode::Char('I'));
    h.type_text("requests.csv");
    h.ctrl('s');
    h.key(KeyCode::Char('n'));
    assert!(h.state.modal.is_none());
    assert_eq!(
        h.state.message.as_ref().unwrap().text,
        "Not imported: nothing was written"
    );
    assert_eq!(count_requests(&h), before);
}

fn running_import(h: &mut Harness) {
    use dpo_workbench::exchange::import::ImportOptions;
    use dpo_workbench::tui::job::{ImportSource, Job};
    let job = Job::Import {
        source: ImportSource::Folder("/tmp/in".into()),
        options: ImportOptions::default(),
    };
    h.act(Action::JobStarted(job));
    h.act(Action::JobProgress {
        done: 41_000_000,
        total: 98_300_000,
    });
}

#[test]
fn while_an_import_runs_saves_are_refused_and_the_form_stays_open() {
    let mut h = Harness::demo(120, 40);
    running_import(&mut h);
    h.key(KeyCode::Enter); // keep working
    assert!(h.state.modal.is_none());
    assert!(
        h.screen().contains("importing 41%"),
        "the status bar shows how far"
    );
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab);
    h.type_text("x");
    let action = key_to_action(&h.state, ctrl_key('s'));
    let effects = update(&mut h.state, action);
    assert!(effects.iter().all(|e| !e.writes()), "{effects:?}");
    assert!(
        h.state.form().is_some(),
        "the form stays open to save later"
    );
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("import is running"));
}

fn ctrl_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

#[test]
fn esc_stops_a_running_job_and_quitting_waits_for_it_to_stop() {
    use dpo_workbench::tui::job::JobOutcome;
    let mut h = Harness::demo(120, 40);
    running_import(&mut h);
    let esc = key_to_action(&h.state, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    let effects = update(&mut h.state, esc);
    assert_eq!(effects, vec![Effect::StopJob]);
    let effects = update(
        &mut h.state,
        Action::Command(dpo_workbench::tui::keymap::Command::Quit),
    );
    assert_eq!(effects, vec![Effect::StopJob]);
    assert!(!h.state.should_quit, "not before the import has stopped");
    let job = h.state.job.as_ref().unwrap().job.clone();
    h.act(Action::JobFinished {
        job,
        outcome: JobOutcome::Stopped,
    });
    assert!(h.state.should_quit);
}

#[test]
fn a_job_runs_on_its_own_thread_and_can_be_stopped() {
    use dpo_workbench::exchange::export::ExportOptions;
    use dpo_workbench::exchange::tables::Table;
    use dpo_workbench::tui::job::{self, Job, JobOutcome};
    let h = Harness::demo(120, 40);
    let folder = h.register.folder().join("out");
    let export = Job::Export {
        tables: Table::ALL.to_vec(),
        options: ExportOptions::at(fixed_now()),
        folder: folder.clone(),
        as_of: None,
        workbook: false,
    };
    let running = job::spawn(h.register.path(), clock(), export.clone());
    match running.finish() {
        JobOutcome::Exported(files) => assert_eq!(files.len(), Table::ALL.len()),
        other => panic!("{other:?}"),
    }
    assert!(folder.join("change_notices.csv").is_file());
    // Asked to stop before it starts: nothing but the files before it.
    let running = job::spawn(h.register.path(), clock(), export);
    running.stop();
    let outcome = running.finish();
    assert!(
        matches!(outcome, JobOutcome::Stopped | JobOutcome::Exported(_)),
        "{outcome:?}"
    );
}

#[test]
fn snapshot_export_dialog() {
    let mut h = Harness::demo(120, 32);
    h.key(KeyCode::Char('E'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_import_progress() {
    let mut h = Harness::demo(120, 32);
    running_import(&mut h);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_import_errors_report() {
    let mut h = Harness::demo(120, 32);
    write_beside(
        &h,
        "processors.csv",
        "name,org_number,country,role,address,contact_email,service,parent_id,status,notes\n\
         Sveve AS,,NO,processor,,,SMS,,active,\n\
         ,,XX,boss,,,,,active,\n",
    );
    h.key(KeyCode::Char('I'));
    h.type_text("processors.csv");
    h.ctrl('s');
    insta::assert_snapshot!(h.screen());
}

#[test]
fn a_stopped_import_writes_nothing_and_a_stopped_export_leaves_no_partial_file() {
    use dpo_workbench::exchange::export::ExportOptions;
    use dpo_workbench::exchange::import::ImportOptions;
    use dpo_workbench::exchange::progress::Progress;
    use dpo_workbench::exchange::tables::Table;
    use dpo_workbench::tui::job::{self, ImportSource, Job, JobOutcome};
    let mut h = Harness::demo(120, 40);
    let before = count_requests(&h);
    let path = write_beside(
        &h,
        "requests.csv",
        &requests_csv(&[("DSR-NEW-1", "art15_access", "2026-11-20")]),
    );
    let stopped = std::sync::Arc::new(Progress::default());
    stopped.request_stop();
    let import = Job::Import {
        source: ImportSource::File {
            path,
            table: Some(Table::Requests),
        },
        options: ImportOptions::default(),
    };
    assert_eq!(
        job::run(&mut h.register, &import, &stopped),
        JobOutcome::Stopped
    );
    assert_eq!(count_requests(&h), before);
    // 2,000 records: the export looks for a stop every 1,024.
    let folder = h.register.folder().join("out");
    let mut many: Vec<(&str, &str, &str)> = Vec::new();
    let refs: Vec<String> = (0..2000).map(|i| format!("BULK-{i}")).collect();
    for r in &refs {
        many.push((r.as_str(), "art15_access", "2026-11-20"));
    }
    let bulk = write_beside(&h, "bulk.csv", &requests_csv(&many));
    let fill = Job::Import {
        source: ImportSource::File {
            path: bulk,
            table: Some(Table::Requests),
        },
        options: ImportOptions::default(),
    };
    let outcome = job::run(&mut h.register, &fill, &Default::default());
    assert!(
        matches!(outcome, JobOutcome::Imported(ref r) if r.committed),
        "{outcome:?}"
    );
    let export = Job::Export {
        tables: vec![Table::Requests],
        options: ExportOptions::at(fixed_now()),
        folder: folder.clone(),
        as_of: None,
        workbook: false,
    };
    assert_eq!(
        job::run(&mut h.register, &export, &stopped),
        JobOutcome::Stopped
    );
    let left: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
    assert!(left.is_empty(), "no partial file: {left:?}");
}

// ---- Dashboard ----

fn dashboard_codes(h: &Harness) -> Vec<(&'static str, String)> {
    h.state
        .dashboard
        .rows
        .iter()
        .map(|f| (f.code, f.record.label.clone()))
        .collect()
}

/// The background keeps its connection from read to read, and lets it go
/// when the workbench turns to another register.
#[test]
fn the_background_keeps_one_connection_and_lets_go_of_a_register_left() {
    use dpo_workbench::tui::background::Background;
    let h = Harness::opened(120, 36);
    let path = h.register.path().to_path_buf();
    let mut background = Background::default();
    background.submit(&path, Effect::CheckSchema, fixed_now(), fixed_today());
    background.finish();
    assert!(background.keeps(&path), "kept after the read");
    background.let_go_of_others(&path);
    assert!(background.keeps(&path), "the register still open is kept");
    background.let_go_of_others(&path.with_file_name("other.dpo"));
    assert!(!background.keeps(&path), "let go once another is open");
}

/// A line that counts many requests is no one request: no letter is drafted
/// from it and it has no history; the count shows in the tab's badge.
#[test]
fn a_count_of_requests_on_the_dashboard_is_not_taken_for_one_request() {
    let mut h = Harness::opened(120, 36);
    let at = dashboard_codes(&h)
        .iter()
        .position(|(code, _)| *code == "requests-running")
        .expect("the demo's requests due later are counted");
    h.state.dashboard.selected = at;
    h.key(KeyCode::Char('L'));
    assert!(
        h.state
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("Select a request or a breach"),
        "{:?}",
        h.state.message
    );
    assert!(h.state.modal.is_none(), "no letter form");
}

#[test]
fn the_workbench_opens_on_the_dashboard_most_urgent_first() {
    let h = Harness::opened(120, 36);
    assert_eq!(h.state.tab, Tab::Dashboard);
    let rows = dashboard_codes(&h);
    // The law's order: the breach counted in hours, then the late answer,
    // then the other clocks, then the paperwork.
    assert_eq!(
        rows[0],
        (
            "breach-clock",
            "Portal passwords written to a debug log".to_string()
        ),
        "the running 72 hours first, above every missing agreement"
    );
    assert_eq!(rows[1], ("request-overdue", "DSR-2026-0001".to_string()));
    let position = |code: &str| rows.iter().position(|(c, _)| *c == code).unwrap();
    assert!(position("request-due-soon") < position("notice-objection-open"));
    assert!(position("notice-objection-open") < position("processor-no-dpa"));
    assert!(
        position("processor-no-dpa") < position("dpa-review-overdue"),
        "a missing agreement before a late review"
    );
    assert!(position("dpa-review-overdue") < position("requests-running"));
    assert_eq!(
        h.state.badges().dashboard,
        7,
        "the breach clock, the late answer, four duties and the late review"
    );
}

#[test]
fn enter_opens_the_finding_on_its_own_screen_and_0_comes_back() {
    let mut h = Harness::opened(120, 36);
    h.key(KeyCode::Down); // the overdue request
    h.key(KeyCode::Enter);
    assert_eq!(h.state.tab, Tab::Requests);
    assert_eq!(
        h.state.requests.selected_row().unwrap().request.reference,
        "DSR-2026-0001"
    );
    h.key(KeyCode::Char('0'));
    assert_eq!(h.state.tab, Tab::Dashboard);
    assert_eq!(
        h.state.dashboard.selected, 1,
        "the same item stays selected"
    );
    // A processor hidden in a folded chain or by a filter is still found.
    h.key(KeyCode::Char('1'));
    h.type_text("/zzz");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('0'));
    let hotjar = h
        .state
        .dashboard
        .rows
        .iter()
        .position(|f| f.record.label == "Hotjar Ltd")
        .unwrap();
    h.act(Action::Command(dpo_workbench::tui::keymap::Command::Home));
    for _ in 0..hotjar {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.state.tab, Tab::Processors);
    assert_eq!(h.selected_name(), "Hotjar Ltd");
    assert!(h.state.processors.filter.is_empty());
}

#[test]
fn the_dashboard_follows_the_clock_and_a_filter_narrows_it() {
    let mut h = Harness::opened(120, 36);
    let before = h.state.badges().dashboard;
    h.act(Action::Clock {
        now: fixed_now() + chrono::Duration::hours(53),
        today: fixed_today() + chrono::Duration::days(2),
    });
    let rows = dashboard_codes(&h);
    assert_eq!(rows[0].0, "breach-notify-overdue", "{rows:?}");
    assert_eq!(
        h.state.dashboard.rows[0].severity,
        dpo_workbench::domain::findings::Severity::Critical
    );
    assert!(h.state.badges().dashboard >= before);
    h.type_text("/breach");
    assert!(h.state.dashboard.rows.iter().all(|f| f.record.area
        == dpo_workbench::domain::findings::Area::Breaches
        || f.message.to_lowercase().contains("breach")
        || f.code.contains("breach")));
    assert!(!h.state.dashboard.rows.is_empty());
    h.key(KeyCode::Esc);
    assert_eq!(
        h.state.dashboard.rows.len(),
        rows.len(),
        "Esc clears the filter"
    );
}

#[test]
fn saving_a_record_updates_the_dashboard() {
    let mut h = Harness::opened(120, 36);
    let dpia = |h: &Harness| {
        h.state
            .dashboard
            .rows
            .iter()
            .any(|f| f.code == "activity-dpia-missing")
    };
    assert!(dpia(&h));
    let at = h
        .state
        .dashboard
        .rows
        .iter()
        .position(|f| f.code == "activity-dpia-missing")
        .unwrap();
    h.act(Action::Command(dpo_workbench::tui::keymap::Command::Home));
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.state.tab, Tab::Activities);
    h.key(KeyCode::Char('e'));
    h.state
        .form_mut()
        .unwrap()
        .form
        .focus_field("dpia_reference");
    h.type_text("DPIA-2026-03");
    h.ctrl('s');
    assert!(h.state.form().is_none(), "{:?}", h.state.message);
    h.key(KeyCode::Char('0'));
    assert!(!dpia(&h), "the DPIA finding is gone");
}

#[test]
fn snapshot_dashboard() {
    let h = Harness::opened(120, 36);
    insta::assert_snapshot!(h.screen());
}

// ---- Register switcher (Ctrl-O) ----

fn second_register(h: &Harness) {
    let mut org = demo_organisation(clock().now()).unwrap();
    org.name = "Havbris Sjømat AS".into();
    Register::create(
        &h.register.folder().join("havbris.dpo"),
        &org,
        clock(),
        |_| Ok::<(), dpo_workbench::store::StoreError>(()),
    )
    .unwrap();
}

#[test]
fn ctrl_o_lists_the_folders_registers_and_enter_switches_then_back() {
    let mut h = Harness::opened(120, 36);
    second_register(&h);
    h.ctrl('o');
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!("the switcher is shown: {:?}", h.state.modal)
    };
    let names: Vec<String> = list.entries.iter().map(|e| e.file_name()).collect();
    assert_eq!(
        names,
        ["demo.dpo", "havbris.dpo"],
        "the register on fire first"
    );
    assert_eq!(list.index, 1, "the other register is preselected");
    h.key(KeyCode::Enter);
    assert!(h.state.modal.is_none());
    assert_eq!(h.state.tab, Tab::Dashboard);
    assert_eq!(organisation_name(&h), "Havbris Sjømat AS");
    assert!(h.state.file_label.ends_with("havbris.dpo"));
    assert_eq!(
        h.state.dashboard.total, 2,
        "a new register says what to set up first: a contact, the activities"
    );
    h.ctrl('o');
    h.key(KeyCode::Enter); // the demo, preselected now
    assert_eq!(organisation_name(&h), "Fjordvakt Telemetri AS");
    assert_eq!(h.state.processors.total, 19);
    h.ctrl('o');
    h.key(KeyCode::Esc);
    assert!(h.state.modal.is_none(), "Esc closes the switcher");
}

/// `/` in the switcher finds a register by its file or organisation as it
/// is typed, and Enter opens the one found: a consultant with twenty
/// clients does not scroll.
#[test]
fn slash_in_the_switcher_finds_a_register_and_enter_opens_it() {
    let mut h = Harness::opened(120, 36);
    second_register(&h);
    h.ctrl('o');
    h.key(KeyCode::Char('/'));
    h.type_text("sjømat");
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!("the switcher is shown: {:?}", h.state.modal)
    };
    let names: Vec<String> = list.entries.iter().map(|e| e.file_name()).collect();
    assert_eq!(names, ["havbris.dpo"], "found by its organisation");
    assert!(h.screen().contains("/ sjømat"), "{}", h.screen());
    // Letters the list binds (n, d, q) are typed, not obeyed.
    h.key(KeyCode::Backspace);
    h.type_text("nq");
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!("still the switcher: {:?}", h.state.modal)
    };
    assert_eq!(list.query, "sjømanq");
    assert!(list.entries.is_empty());
    assert!(
        h.screen()
            .contains("No register's file or organisation holds"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Esc);
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!(
            "Esc clears the query, the switcher stays: {:?}",
            h.state.modal
        )
    };
    assert_eq!(list.entries.len(), 2);
    // Accents aside, as the pickers find.
    h.key(KeyCode::Char('/'));
    h.type_text("sjomat");
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!("the switcher is shown: {:?}", h.state.modal)
    };
    assert_eq!(list.entries[0].file_name(), "havbris.dpo");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('/'));
    h.type_text("havb");
    h.key(KeyCode::Enter);
    assert!(h.state.modal.is_none());
    assert_eq!(organisation_name(&h), "Havbris Sjømat AS");
}

#[test]
fn n_in_the_switcher_makes_a_register_from_a_template_and_the_cursor_comes_back() {
    let mut h = Harness::opened(120, 36);
    h.register.set_via("tui");
    h.ctrl('o');
    h.key(KeyCode::Char('n'));
    assert_eq!(h.state.form().unwrap().target, FormTarget::NewRegister);
    h.type_text("Havbris Sjømat AS");
    h.state.form_mut().unwrap().form.focus_field("jurisdiction");
    h.type_text("NO");
    h.state.form_mut().unwrap().form.focus_field("copy_from");
    h.key(KeyCode::Right); // the first register listed: the demo
    h.save();
    assert_eq!(organisation_name(&h), "Havbris Sjømat AS");
    assert!(
        h.register.path().ends_with("havbris-sjomat.dpo"),
        "{}",
        h.register.path().display()
    );
    assert_eq!(h.register.count_processors("").unwrap(), 19);
    assert_eq!(h.register.count_activities("", false).unwrap(), 8);
    assert_eq!(
        h.register.count_requests("").unwrap(),
        0,
        "no requests copied"
    );
    assert_eq!(
        h.register.count_breaches("").unwrap(),
        0,
        "no breaches copied"
    );
    assert!(h.register.verify_journal().unwrap().intact());
    let mut vias = std::collections::BTreeSet::new();
    h.register
        .for_each_journal_entry(&Default::default(), |e| {
            vias.insert(e.via.clone());
            Ok::<_, dpo_workbench::store::StoreError>(())
        })
        .unwrap();
    assert_eq!(
        vias.into_iter().collect::<Vec<_>>(),
        ["tui"],
        "made through the workbench, from its first entry"
    );

    // Back in the switcher, the cursor is on the register left.
    h.ctrl('o');
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!("the switcher is shown: {:?}", h.state.modal)
    };
    assert!(list.entries[list.index].path.ends_with("demo.dpo"));
    // d hides the demo clients (the copy has a name of its own).
    h.key(KeyCode::Char('d'));
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!("the switcher stays: {:?}", h.state.modal)
    };
    let names: Vec<String> = list.entries.iter().map(|e| e.file_name()).collect();
    assert_eq!(names, ["havbris-sjomat.dpo"]);
    h.key(KeyCode::Char('d'));
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!("the switcher stays: {:?}", h.state.modal)
    };
    assert_eq!(list.entries.len(), 2, "shown again");

    // A second one of the same name is refused, and says why.
    h.key(KeyCode::Char('n'));
    h.type_text("Havbris Sjømat AS");
    h.ctrl('s');
    let errors = &h.state.form().unwrap().form.errors;
    assert!(
        errors.get("file").unwrap().contains("exists already"),
        "{errors:?}"
    );
}

/// An encrypted register beside the demo, its passphrase not at hand.
fn encrypted_register(h: &Harness) -> std::path::PathBuf {
    let path = h.register.folder().join("lukket.dpo");
    let mut org = demo_organisation(clock().now()).unwrap();
    org.name = "Lukket Klinikk AS".into();
    Register::create_with_key(&path, &org, Some("correct horse battery"), clock(), |_| {
        Ok::<(), dpo_workbench::store::StoreError>(())
    })
    .unwrap();
    dpo_workbench::platform::passphrase::forget(&path);
    path
}

fn choose_in_switcher(h: &mut Harness, file: &str) {
    h.ctrl('o');
    for _ in 0..10 {
        let Some(Modal::Registers(list)) = &h.state.modal else {
            panic!("the switcher is shown: {:?}", h.state.modal)
        };
        if list.entries[list.index].file_name() == file {
            h.key(KeyCode::Enter);
            return;
        }
        h.key(KeyCode::Down);
    }
    panic!("{file} is not in the switcher");
}

#[test]
fn an_encrypted_register_chosen_in_the_switcher_asks_for_its_passphrase_unseen() {
    let mut h = Harness::opened(120, 36);
    encrypted_register(&h);
    h.ctrl('o');
    let Some(Modal::Registers(list)) = &h.state.modal else {
        panic!("the switcher is shown")
    };
    let entry = list
        .entries
        .iter()
        .find(|e| e.file_name() == "lukket.dpo")
        .unwrap();
    assert!(entry.needs_passphrase, "{:?}", entry.summary);
    assert!(h
        .screen()
        .contains("encrypted: Enter asks for its passphrase"));
    h.key(KeyCode::Esc);

    choose_in_switcher(&mut h, "lukket.dpo");
    assert!(h.state.form().is_some());
    h.key(KeyCode::Esc); // changed my mind: nothing opens
    assert!(h.state.form().is_none());
    assert!(h.state.file_label.ends_with("demo.dpo"));

    choose_in_switcher(&mut h, "lukket.dpo");
    let open = h.state.form().expect("the passphrase dialog");
    assert_eq!(open.target, FormTarget::Passphrase);
    h.type_text("wrong guess");
    assert!(!h.screen().contains("wrong guess"), "typed, never shown");
    assert!(h.screen().contains("•••••••••••"), "{}", h.screen());
    h.key(KeyCode::Enter);
    let open = h.state.form().expect("still asking");
    assert!(
        open.form
            .errors
            .get("passphrase")
            .unwrap()
            .contains("wrong passphrase"),
        "{:?}",
        open.form.errors
    );
    assert_eq!(
        organisation_name(&h),
        "Fjordvakt Telemetri AS",
        "the demo is still the one open"
    );
    h.key(KeyCode::Enter); // empty
    assert!(h
        .state
        .form()
        .unwrap()
        .form
        .errors
        .get("passphrase")
        .is_some());
    h.type_text("correct horse battery");
    h.key(KeyCode::Enter);
    assert!(h.state.form().is_none(), "{:?}", h.state.message);
    assert_eq!(organisation_name(&h), "Lukket Klinikk AS");
    assert!(h.state.file_label.ends_with("lukket.dpo"));
    // Back to the plain one: no questions asked.
    choose_in_switcher(&mut h, "demo.dpo");
    assert_eq!(organisation_name(&h), "Fjordvakt Telemetri AS");
}

#[test]
fn snapshot_passphrase_dialog() {
    let mut h = Harness::opened(100, 24);
    encrypted_register(&h);
    choose_in_switcher(&mut h, "lukket.dpo");
    h.type_text("secret");
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_register_switcher() {
    let mut h = Harness::opened(120, 30);
    second_register(&h);
    h.ctrl('o');
    insta::assert_snapshot!(h.screen());
}

#[test]
fn snapshot_register_switcher_at_80_columns() {
    // What does not fit is counts, not the register's name or cut words.
    let mut h = Harness::opened(80, 24);
    second_register(&h);
    h.ctrl('o');
    let screen = h.screen();
    assert!(screen.contains("demo.dpo (open)  Fjordvakt"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn h_shows_the_journal_history_of_the_selected_record_newest_first() {
    let mut h = Harness::demo(120, 36);
    h.register.set_via("tui");
    let name = h.selected_name();
    h.key(KeyCode::Char('e'));
    h.type_text(" (EU)");
    h.ctrl('s');
    assert!(h.state.form().is_none());
    h.key(KeyCode::Char('h'));
    let r = report(&h);
    assert_eq!(r.title, format!("History of {name} (EU)"));
    assert!(
        r.lines[0].contains("via tui: update processors#")
            && r.lines[0].contains(&format!("name: '{name}' → '{name} (EU)'")),
        "{:?}",
        r.lines
    );
    assert!(
        r.lines.iter().any(|l| l.contains("insert processors#")),
        "created by the demo"
    );
    assert!(
        r.lines.iter().any(|l| l.contains("insert dpas#")),
        "its agreements are part of its history"
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Char('h'));
    assert_eq!(report(&h).title, "History of the organisation");
}

// ---- The register as of an earlier moment (@) ----

#[test]
fn at_shows_the_register_as_it_stood_read_only_and_exports_that_day() {
    let mut h = Harness::demo(120, 36);
    let cutoff = (fixed_now() + chrono::Duration::minutes(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    h.later_by(2);
    h.key(KeyCode::Char('a'));
    h.type_text("Sveve AS");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.type_text("NO");
    h.ctrl('s');
    assert_eq!(h.state.processors.total, 20, "{:?}", h.state.message);

    h.key(KeyCode::Char('@'));
    h.type_text(&cutoff);
    h.ctrl('s');
    assert!(
        h.state.as_of.is_some(),
        "{:?}",
        h.state.form().map(|f| &f.form.errors)
    );
    assert_eq!(
        h.state.processors.total, 19,
        "as it stood before the new processor"
    );
    assert!(h.screen().contains("AS OF"), "the status bar says so");
    // A day rebuilt in memory has no triggers: none is reported missing.
    assert!(
        h.state.messages.iter().all(|m| !m.text.contains("trigger")),
        "{:?}",
        h.state.messages
    );
    // Read-only: no form opens to edit the past.
    h.key(KeyCode::Char('e'));
    assert!(h.state.form().is_none());
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Read-only"));
    // An export now is of that moment.
    h.key(KeyCode::Char('E'));
    tab_to(&mut h, "format");
    h.key(KeyCode::Right); // CSV files
    tab_to(&mut h, "folder");
    h.type_text("then");
    h.ctrl('s');
    let processors =
        std::fs::read_to_string(h.register.folder().join("then").join("processors.csv")).unwrap();
    assert!(!processors.contains("Sveve AS"), "exported as it stood");
    h.key(KeyCode::Esc);
    // @ with an empty field: back to now.
    h.key(KeyCode::Char('@'));
    for _ in 0..40 {
        h.key(KeyCode::Backspace);
    }
    h.ctrl('s');
    assert!(h.state.as_of.is_none());
    assert_eq!(h.state.processors.total, 20);
}

#[test]
fn a_moment_in_the_future_or_not_a_date_is_refused_at_the_field() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('@'));
    h.type_text("2199-01-01");
    h.ctrl('s');
    let errors = &h.state.form().unwrap().form.errors;
    assert!(errors.get("as_of").unwrap().contains("future"));
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("yesterday");
    h.ctrl('s');
    assert!(h.state.form().unwrap().form.errors.get("as_of").is_some());
    assert!(h.state.as_of.is_none());
}

#[test]
fn an_export_job_as_of_an_earlier_moment_rebuilds_that_moment_on_its_thread() {
    use dpo_workbench::exchange::export::ExportOptions;
    use dpo_workbench::exchange::tables::Table;
    use dpo_workbench::tui::job::{self, Job, JobOutcome};
    let mut h = Harness::demo(120, 40);
    let cutoff = fixed_now() + chrono::Duration::minutes(1);
    h.later_by(2);
    let fields = h.register.processor(1).unwrap().unwrap().processor.fields;
    let added = dpo_workbench::domain::processor::ProcessorFields {
        name: "Sveve AS".into(),
        parent_id: None,
        ..fields
    };
    h.register.insert_processor(&added).unwrap();
    let folder = h.register.folder().join("then");
    let export = Job::Export {
        tables: vec![Table::Processors],
        options: ExportOptions::at(cutoff),
        folder: folder.clone(),
        as_of: Some(cutoff),
        workbook: false,
    };
    match job::spawn(h.register.path(), h.register.clock(), export).finish() {
        JobOutcome::Exported(files) => assert_eq!(files[0].1, 19, "before Sveve AS"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn at_asks_for_a_rebuild_says_it_is_working_and_shows_the_past_when_it_arrives() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('@'));
    h.type_text(&fixed_today().to_string());
    // The update alone: the run loop rebuilds on its own thread meanwhile.
    let save = key_to_action(
        &h.state,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    let effects = update(&mut h.state, save);
    let [Effect::ViewAsOf {
        at: Some(at),
        label,
    }] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert!(h.state.as_of.is_none(), "nothing changes before the answer");
    let open = h
        .state
        .form()
        .expect("the dialog stays open until the answer");
    assert!(open.form.warnings[0].starts_with("Rebuilding the register as of"));
    assert!(h.screen().contains("Rebuilding the register as of"));
    let answer = Action::ViewingAsOf {
        at: Some(*at),
        label: label.clone(),
    };
    let effects = update(&mut h.state, answer);
    assert!(h.state.form().is_none());
    assert_eq!(h.state.as_of.as_ref().map(|(when, _)| *when), Some(*at));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Requests(_))),
        "every screen reads the register as it stood: {effects:?}"
    );
}

#[test]
fn the_rebuild_runs_on_its_own_thread_and_hands_over_the_register_as_it_stood() {
    use dpo_workbench::tui::background::Rebuild;
    let mut h = Harness::demo(120, 36);
    let cutoff = fixed_now() + chrono::Duration::minutes(1);
    h.later_by(2);
    let fields = h.register.processor(1).unwrap().unwrap().processor.fields;
    let added = dpo_workbench::domain::processor::ProcessorFields {
        name: "Sveve AS".into(),
        parent_id: None,
        ..fields
    };
    h.register.insert_processor(&added).unwrap();
    let rebuild = Rebuild::start(h.register.path(), clock(), Some(cutoff), "then".into());
    let (register, action) = rebuild.finish();
    assert_eq!(register.unwrap().count_processors("").unwrap(), 19);
    assert_eq!(
        action,
        Action::ViewingAsOf {
            at: Some(cutoff),
            label: "then".into()
        }
    );
    let too_early = Some(fixed_now() - chrono::Duration::days(400));
    let (register, action) =
        Rebuild::start(h.register.path(), clock(), too_early, "then".into()).finish();
    assert!(register.is_none());
    assert!(
        matches!(&action, Action::Failed { fields: Some(f), .. } if f.get("as_of").is_some()),
        "{action:?}"
    );
}

#[test]
fn the_switcher_s_list_is_read_on_a_thread_and_says_so_meanwhile() {
    use dpo_workbench::tui::background::Surveying;
    use dpo_workbench::tui::screens::switcher::{self, Survey};
    let mut h = Harness::opened(120, 36);
    let now = fixed_now();
    let in_place = switcher::load_registers(&h.register, None, now);
    let (asked_on, on_thread) = Surveying::start(Survey::of(&h.register, None, now)).finish();
    assert_eq!(asked_on, h.register.path());
    assert_eq!(
        on_thread, in_place,
        "the thread reads what the screen would"
    );
    let Action::RegistersLoaded { entries, .. } = &on_thread else {
        panic!("not the list: {on_thread:?}")
    };
    assert!(!entries.is_empty());

    // Ctrl-O says it is reading until the list comes, without keeping it
    // in the message log; the list, when it comes, takes its place.
    let effects = switcher::open(&mut h.state);
    assert!(matches!(effects.as_slice(), [Effect::LoadRegisters { .. }]));
    let said = h.state.message.clone().map(|m| m.text);
    assert_eq!(said.as_deref(), Some("Reading the registers…"));
    assert!(h
        .state
        .messages
        .iter()
        .all(|m| m.text != "Reading the registers…"));
    h.act(on_thread.clone());
    assert!(matches!(h.state.modal, Some(Modal::Registers(_))));
    assert!(h.state.message.is_none(), "{:?}", h.state.message);

    // A list that comes while a form is open (opened meanwhile, the list
    // being read on its thread) does not take the form's place.
    h.key(KeyCode::Char('n'));
    h.type_text("Halvskrevet AS");
    h.act(on_thread);
    let Some(Modal::Form(open)) = &h.state.modal else {
        panic!("the form stays: {:?}", h.state.modal)
    };
    assert_eq!(open.form.value("name"), "Halvskrevet AS");
}

#[test]
fn a_change_made_by_another_program_is_shown_after_a_reload() {
    let mut h = Harness::demo(120, 36);
    let mut other = Register::open(h.register.path(), clock()).unwrap();
    let mut fields = other.processor(1).unwrap().unwrap().processor.fields;
    fields.name = "Intility AS (renamed elsewhere)".into();
    let revision = other.processor(1).unwrap().unwrap().processor.revision;
    other.update_processor(1, revision, &fields).unwrap();
    h.act(Action::ChangedElsewhere);
    assert!(h
        .state
        .processors
        .rows
        .iter()
        .any(|r| r.processor.fields.name == "Intility AS (renamed elsewhere)"));
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("another program"));
}

#[test]
fn at_a_day_before_the_journal_is_refused_at_the_field_and_enter_applies() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('@'));
    h.type_text("2020-01-01");
    h.key(KeyCode::Enter); // Enter applies the one-field dialog
    let open = h.state.form().expect("the dialog stays open");
    let said = open.form.errors.get("as_of").unwrap();
    // In the register's zone, as the day was typed (the demo was made at 10:00 UTC).
    assert!(
        said.contains("journal starts at Mon 23 Nov 2026 11:00:00 CET")
            && said.contains("(view 2026-11-23 11:00 or later)"),
        "{said}"
    );
    assert!(open.form.warnings.iter().all(|w| !w.contains("Rebuilding")));
    assert!(h.state.as_of.is_none());
    // Every word of the refusal is on screen, at 80 columns too.
    h.act(Action::Resize {
        width: 80,
        height: 24,
    });
    let screen = h.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(screen.contains("nothing to show before it"), "{screen}");
    // Today means now.
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(&fixed_today().to_string());
    h.key(KeyCode::Enter);
    assert!(
        h.state.as_of.is_some(),
        "{:?}",
        h.state.form().map(|f| &f.form.errors)
    );
    // Nothing opens for editing while the past is shown.
    h.key(KeyCode::Char('a'));
    assert!(h.state.form().is_none());
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Read-only"));
    h.key(KeyCode::Char('@'));
    h.key(KeyCode::Enter); // empty: back to now
    assert!(h.state.as_of.is_none());
}

// ---- The dashboard read on its own thread ----

#[test]
fn the_dashboard_is_judged_on_its_own_thread_and_the_newest_ask_wins() {
    use dpo_workbench::tui::background::Background;
    use dpo_workbench::tui::effect::Focus;
    let mut h = Harness::opened(120, 36);
    let ask = |filter: &str| Effect::LoadDashboard {
        filter: filter.into(),
        focus: Focus::Index(0),
    };
    assert!(Background::takes(&ask("")));
    let mut background = Background::default();
    let path = h.register.path().to_path_buf();
    background.submit(&path, ask(""), fixed_now(), fixed_today());
    assert!(background.busy());
    // Asked twice more while it runs: the one under way is stopped (its
    // answer is not wanted any more) and only the newest is read.
    background.submit(&path, ask("dsr"), fixed_now(), fixed_today());
    background.submit(&path, ask("questback"), fixed_now(), fixed_today());
    let answers = background.finish();
    assert_eq!(answers.len(), 1, "only the newest");
    let filters: Vec<String> = answers
        .iter()
        .map(|(p, a)| {
            assert_eq!(p, &path);
            match a {
                Action::DashboardLoaded { page, .. } => page.filter.clone(),
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(filters, ["questback"]);
    assert!(!background.busy());
    // An answer is what the screen would have read itself.
    background.submit(&path, ask(""), fixed_now(), fixed_today());
    let (_, action) = background.finish().into_iter().next().unwrap();
    h.act(action);
    // The demo's three requests due later are one line.
    assert_eq!(h.state.dashboard.total, 17);
}

#[test]
fn a_filtered_page_of_requests_is_read_on_its_own_thread_and_the_list_says_it_searches() {
    use dpo_workbench::tui::background::Background;
    use dpo_workbench::tui::effect::Focus;
    let mut h = Harness::opened(120, 36);
    h.key(KeyCode::Char('3'));
    let ask = |filter: &str| {
        Effect::Requests(RequestEffect::LoadRequests {
            filter: filter.into(),
            order: Default::default(),
            focus: Focus::Index(0),
            window: 40,
        })
    };
    assert!(
        !Background::takes(&ask("")),
        "the unfiltered list is indexed"
    );
    assert!(Background::takes(&ask("z")));
    let mut background = Background::default();
    let path = h.register.path().to_path_buf();
    // Typed z, then zq: the search for z is stopped, only zq's answer comes.
    background.submit(&path, ask("z"), fixed_now(), fixed_today());
    let count = Effect::Requests(RequestEffect::CountRequests { filter: "z".into() });
    background.submit(&path, count, fixed_now(), fixed_today());
    background.submit(&path, ask("dsr-2026-0002"), fixed_now(), fixed_today());
    let answers: Vec<Action> = background.finish().into_iter().map(|(_, a)| a).collect();
    assert_eq!(
        answers.len(),
        2,
        "the newest page and the count: {answers:?}"
    );
    // Meanwhile the list shows the rows it has and says it is searching.
    h.state.requests.filter = "dsr-2026-0002".into();
    assert!(h.screen().contains("(searching…)"), "{}", h.screen());
    let page = answers
        .into_iter()
        .find(|a| matches!(a, Action::Requests(RequestAction::RequestsLoaded(_))))
        .unwrap();
    h.act(page);
    assert!(h.screen().contains("(1 found)"), "{}", h.screen());
}

#[test]
fn before_the_dashboard_arrives_it_says_it_is_judging_not_that_nothing_needs_you() {
    let h = Harness::before_loading(120, 36);
    let screen = h.screen();
    assert!(screen.contains("Judging every clock"), "{screen}");
    assert!(!screen.contains("Nothing needs you"));
    assert!(
        screen.contains("Dashboard (…)"),
        "not a count of nothing yet"
    );
}

#[test]
fn a_count_asked_while_the_dashboard_waits_does_not_push_it_out() {
    use dpo_workbench::tui::background::Background;
    use dpo_workbench::tui::effect::Focus;
    let h = Harness::opened(120, 36);
    let path = h.register.path().to_path_buf();
    let mut background = Background::default();
    let dashboard = Effect::LoadDashboard {
        filter: String::new(),
        focus: Focus::Index(0),
    };
    background.submit(&path, dashboard.clone(), fixed_now(), fixed_today());
    background.submit(&path, dashboard, fixed_now(), fixed_today());
    let count = Effect::Requests(RequestEffect::CountRequests {
        filter: "dsr".into(),
    });
    assert!(Background::takes(&count));
    background.submit(&path, count, fixed_now(), fixed_today());
    let answers: Vec<Action> = background.finish().into_iter().map(|(_, a)| a).collect();
    assert_eq!(answers.len(), 2, "the newer dashboard and the count");
    assert!(matches!(answers[0], Action::DashboardLoaded { .. }));
    let all = h.register.count_requests("dsr").unwrap();
    assert!(all > 0);
    assert!(
        matches!(&answers[1], Action::Requests(RequestAction::RequestsCounted { filter, total, .. }) if filter == "dsr" && *total == all),
        "{:?}",
        answers[1]
    );
}

#[test]
fn a_quick_count_says_more_and_the_exact_one_replaces_it_for_the_same_filter_only() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('3'));
    h.state.requests.counted = false;
    h.state.requests.total = 5;
    assert!(h.screen().contains("(5+)"), "{}", h.screen());
    h.act(Action::Requests(RequestAction::RequestsCounted {
        filter: "other".into(),
        total: 99,
        head: String::new(),
    }));
    assert_eq!(
        h.state.requests.total, 5,
        "a count for another filter is dropped"
    );
    h.act(Action::Requests(RequestAction::RequestsCounted {
        filter: String::new(),
        total: 12,
        head: String::new(),
    }));
    assert!(h.state.requests.counted);
    assert_eq!(h.state.requests.total, 12);
}

#[test]
fn end_goes_to_the_last_request_of_a_large_list_with_and_without_a_filter() {
    let mut h = Harness::with_more_than_a_quick_count();
    h.key(KeyCode::Char('3'));
    let all = h.register.count_requests("").unwrap();
    assert!(all > dpo_workbench::store::QUICK_COUNT);
    h.key(KeyCode::End);
    assert_eq!(h.state.requests.total, all);
    assert_eq!(h.state.requests.selected, all - 1, "the last request");
    assert!(h.screen().contains(&format!("{all}/{all}")));
    // A filter matching more than the quick count: End first goes as far as
    // counted, then (the exact count arriving) to the real end.
    h.key(KeyCode::Home);
    h.key(KeyCode::Char('/'));
    h.type_text("syn-");
    h.key(KeyCode::Enter);
    let matching = h.register.count_requests("syn-").unwrap();
    assert!(matching > dpo_workbench::store::QUICK_COUNT);
    h.key(KeyCode::End);
    assert_eq!(h.state.requests.selected, matching - 1);
    assert!(h.state.requests.counted);
    let last = h.state.requests.selected_row().unwrap().id;
    let in_order = h
        .register
        .request_page("syn-", RequestOrder::default(), matching - 1, 1)
        .unwrap();
    assert_eq!(in_order[0].id, last);
}

/// Of the reads waiting while one runs, the Dashboard's clocks go first,
/// then a filter's page; the counts and the schema check after them, even
/// when asked for before.
#[test]
fn the_background_reads_what_a_user_waits_on_first() {
    use dpo_workbench::tui::background::Background;
    use dpo_workbench::tui::effect::Focus;
    let h = Harness::opened(120, 36);
    let path = h.register.path().to_path_buf();
    let mut background = Background::default();
    let count = |filter: &str| {
        Effect::Requests(RequestEffect::CountRequests {
            filter: filter.into(),
        })
    };
    background.submit(&path, count("dsr"), fixed_now(), fixed_today());
    background.submit(&path, Effect::CheckSchema, fixed_now(), fixed_today());
    background.submit(&path, count(""), fixed_now(), fixed_today());
    background.submit(
        &path,
        Effect::Requests(RequestEffect::LoadRequests {
            filter: "dsr".into(),
            order: Default::default(),
            focus: Focus::Index(0),
            window: 30,
        }),
        fixed_now(),
        fixed_today(),
    );
    background.submit(
        &path,
        Effect::LoadDashboard {
            filter: String::new(),
            focus: Focus::Index(0),
        },
        fixed_now(),
        fixed_today(),
    );
    let order: Vec<String> = background
        .finish()
        .into_iter()
        .map(|(_, action)| {
            let debug = format!("{action:?}");
            let name = debug.strip_prefix("Requests(").unwrap_or(&debug);
            name.split([' ', '(']).next().unwrap().to_string()
        })
        .collect();
    // The first count was under way already; then by what a user waits on.
    assert_eq!(
        order,
        [
            "RequestsCounted",
            "DashboardLoaded",
            "RequestsLoaded",
            "SchemaChecked",
            "RequestsCounted"
        ],
        "{order:?}"
    );
}

#[test]
fn end_on_a_filter_counted_on_the_background_thread_goes_to_the_real_end() {
    let mut h = Harness::with_more_than_a_quick_count();
    let mut other = Register::open(h.register.path(), clock()).unwrap();
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('/'));
    for c in "syn-".chars() {
        h.key_counting_on(&mut other, KeyCode::Char(c));
    }
    h.key_counting_on(&mut other, KeyCode::Enter);
    // Counted on the other connection: the screen's own has counted only 5,000.
    let matching = other.count_requests("syn-").unwrap();
    assert!(matching > dpo_workbench::store::QUICK_COUNT);
    assert!(h.state.requests.counted, "the exact count arrived");
    assert_eq!(h.state.requests.total, matching);
    // The count was made by the other connection; End still goes to the end.
    h.key_counting_on(&mut other, KeyCode::End);
    assert_eq!(h.state.requests.selected, matching - 1);
    assert_eq!(h.state.requests.total, matching);
    assert!(h.screen().contains(&format!("{matching}/{matching}")));
}

#[test]
fn a_breach_deadline_of_an_earlier_year_shows_its_year() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Char('4'));
    // The lost laptop: aware 60 days before the demo's day, so its 72 hours
    // ended on Sunday 27 September 2026, 12:00 in Oslo.
    assert!(h.screen().contains("Sun 27 Sep 12:00"), "{}", h.screen());
    let now: chrono::DateTime<chrono::Utc> = "2027-01-10T10:00:00Z".parse().unwrap();
    h.act(Action::Clock {
        now,
        today: now.date_naive(),
    });
    assert!(h.screen().contains("27 Sep 2026 12:00"), "{}", h.screen());
}

#[test]
fn a_date_field_takes_the_date_as_people_type_it() {
    let mut h = Harness::demo(160, 40);
    h.key(KeyCode::Char('2'));
    let id = h.state.activities.selected_row().unwrap().id;
    h.key(KeyCode::Char('e'));
    h.state
        .form_mut()
        .unwrap()
        .form
        .focus_field("last_reviewed");
    for _ in 0..h.form_value("last_reviewed").chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.type_text("yesterday");
    let shown = |h: &Harness, key: &str| {
        let form = &h.state.form().unwrap().form;
        form.fields
            .iter()
            .find(|f| f.key == key)
            .unwrap()
            .reads_as
            .clone()
    };
    assert_eq!(
        shown(&h, "last_reviewed").as_deref(),
        Some("2026-11-22"),
        "the day it reads as, beside the field"
    );
    assert!(h.screen().contains("= 2026-11-22"), "{}", h.screen());
    h.state.form_mut().unwrap().form.focus_field("owner");
    h.type_text("x");
    assert_eq!(shown(&h, "owner"), None, "text reads as itself");
    h.key(KeyCode::Backspace);
    h.save();
    let saved = h.register.activity(id).unwrap().unwrap();
    assert_eq!(
        saved.activity.last_reviewed,
        Some(h.state.today - chrono::Duration::days(1))
    );
}

#[test]
fn y_copies_a_processor_or_an_activity_into_a_new_record() {
    let mut h = Harness::demo(160, 40);
    h.key(KeyCode::Char('1'));
    let original = h.state.processors.selected_row().unwrap().processor.clone();
    h.key(KeyCode::Char('y'));
    assert_eq!(h.state.form().unwrap().target, FormTarget::Processor(None));
    assert_eq!(
        h.form_value("name"),
        format!("{} (copy)", original.fields.name)
    );
    assert_eq!(h.form_value("country"), original.fields.country);
    h.save();
    assert_eq!(h.register.count_processors("").unwrap(), 20);
    assert_eq!(
        h.register
            .processor(original.id)
            .unwrap()
            .unwrap()
            .processor
            .fields,
        original.fields,
        "the original is untouched"
    );

    h.key(KeyCode::Char('2'));
    let before = h.register.count_activities("", false).unwrap();
    h.key(KeyCode::Char('y'));
    assert_eq!(h.state.form().unwrap().target, FormTarget::Activity(None));
    assert!(h.form_value("name").ends_with(" (copy)"));
    h.save();
    assert_eq!(h.register.count_activities("", false).unwrap(), before + 1);
    // An edit after a copy is an edit again.
    h.key(KeyCode::Char('e'));
    assert!(matches!(
        h.state.form().unwrap().target,
        FormTarget::Activity(Some(_))
    ));
}

#[test]
fn a_new_processor_is_drafted_from_the_catalogue_with_its_agreement_and_transfer() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('a'));
    h.type_text("teams");
    assert!(
        h.screen()
            .contains("Microsoft 365 — Microsoft Ireland Operations Limited (IE)"),
        "the catalogue is offered under the name:\n{}",
        h.screen()
    );
    // Enter without choosing moves on, keeping what was typed.
    h.key(KeyCode::Enter);
    assert_eq!(h.form_value("name"), "teams");
    assert!(h.state.form().unwrap().form.accepted.is_none());
    h.key(KeyCode::BackTab);
    h.ctrl('u');
    h.type_text("ms365");
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(h.form_value("name"), "Microsoft Ireland Operations Limited");
    // An entry typed by its whole name is taken by Enter alone.
    let mut typed = Harness::demo(120, 36);
    typed.key(KeyCode::Char('a'));
    typed.type_text("microsoft 365");
    typed.key(KeyCode::Enter);
    assert_eq!(
        typed.form_value("name"),
        "Microsoft Ireland Operations Limited"
    );
    assert_eq!(h.form_value("country"), "IE");
    assert!(h.form_value("service").starts_with("Microsoft 365: "));
    assert!(h
        .form_value("notes")
        .contains("check these facts against the sources"));
    let screen = h.screen();
    assert!(
        screen.contains("New processor from the catalogue: Microsoft 365"),
        "{screen}"
    );
    assert!(
        screen.contains("+ Saving also records an agreement to complete"),
        "{screen}"
    );
    // Everything stays editable before the save.
    h.state.form_mut().unwrap().form.focus_field("service");
    h.ctrl('u');
    h.type_text("Teams and e-mail");
    h.ctrl('s');
    assert!(
        h.state.form().is_none(),
        "{:?}",
        h.state.form().map(|f| &f.form.errors)
    );
    let row = h.state.processors.selected_row().unwrap().clone();
    assert_eq!(row.processor.fields.service, "Teams and e-mail");
    let agreements = h.register.dpas_of(row.processor.id).unwrap();
    assert_eq!(agreements.len(), 1);
    assert_eq!(
        agreements[0].dpa.status,
        dpo_workbench::domain::dpa::DpaStatus::NotStarted
    );
    assert!(agreements[0].dpa.document.starts_with("https://"));
    let transfers = h.register.transfers_of(row.processor.id).unwrap();
    assert_eq!(transfers.len(), 1);
    assert_eq!(transfers[0].transfer.country, "US");
    assert!(h.register.verify_journal().unwrap().intact());
}

#[test]
fn an_activitys_processors_are_picked_in_tree_order_by_typing() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('a'));
    h.state.form_mut().unwrap().form.focus_field("processors");
    let Some(FieldInput::Checklist(list)) = h
        .state
        .form()
        .unwrap()
        .form
        .fields
        .iter()
        .find(|f| f.key == "processors")
        .map(|f| f.input.clone())
    else {
        panic!("the processors are a checklist")
    };
    // A sub-processor follows its parent and names it.
    let labels: Vec<&str> = list.options.iter().map(|(_, l, _)| l.as_str()).collect();
    let aws = labels
        .iter()
        .position(|l| l.starts_with("Amazon Web Services EMEA"))
        .unwrap();
    assert!(
        labels[aws + 1].starts_with("↳ ")
            && labels[aws + 1].contains("· via Amazon Web Services EMEA"),
        "{labels:?}"
    );
    h.type_text("quest");
    h.key(KeyCode::Char(' '));
    assert!(h.screen().contains("[x] Questback"), "{}", h.screen());
    h.key(KeyCode::Tab);
    assert!(h.form_value("processors").split(',').count() == 1);
}

/// Presses Tab until the form's field `key` has the focus (each press counted).
fn tab_to(h: &mut Harness, key: &str) {
    for _ in 0..40 {
        let form = &h.state.form().expect("a form is open").form;
        if form.fields[form.focus].key == key {
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("no field {key} on the form");
}

/// The organisation's contact, from the Organisation screen (same in both paths).
fn enter_the_contact(h: &mut Harness) {
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Char('e'));
    tab_to(h, "contact_email");
    h.type_text("personvern@havbris.no");
    h.ctrl('s');
    assert!(
        h.state.form().is_none(),
        "organisation saved: {:?}",
        h.state.form().map(|f| &f.form.errors)
    );
}

/// One activity with two categories of data, one lawful basis and the
/// processor ticked by `pick` (same text in both paths).
fn enter_one_activity(h: &mut Harness, pick: &str) {
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('a'));
    h.type_text("Customer administration");
    tab_to(h, "purposes");
    h.type_text("Customer service and invoicing");
    tab_to(h, "subject_categories");
    h.type_text("Customers");
    tab_to(h, "data_categories");
    h.type_text("Contact details; keep 3 years after the last order");
    h.key(KeyCode::Enter);
    h.type_text("Order history; keep 5 years after the order");
    tab_to(h, "processors");
    h.type_text(pick);
    h.key(KeyCode::Char(' '));
    tab_to(h, "bases");
    h.type_text("Customer service; art6 b");
    h.ctrl('s');
    assert!(
        h.state.form().is_none(),
        "activity saved: {:?}",
        h.state.form().map(|f| &f.form.errors)
    );
}

/// What both paths must have made: the processor with its agreement and
/// transfer, and the activity with its categories, basis and processor.
fn assert_the_client_is_set_up(h: &Harness) {
    assert_eq!(organisation_name(h), "Havbris Sjømat AS");
    let mut processors = Vec::new();
    h.register
        .for_each_processor(|row| {
            processors.push(row.clone());
            Ok::<_, dpo_workbench::store::StoreError>(())
        })
        .unwrap();
    assert_eq!(processors.len(), 1);
    let id = processors[0].processor.id;
    assert_eq!(processors[0].processor.fields.country, "IE");
    let agreement = &h.register.dpas_of(id).unwrap()[0].dpa;
    assert!(agreement.document.starts_with("https://www.microsoft.com/"));
    let transfers = h.register.transfers_of(id).unwrap();
    assert_eq!(transfers.len(), 1);
    assert_eq!(
        (
            transfers[0].transfer.country.as_str(),
            transfers[0].transfer.tool
        ),
        ("US", dpo_workbench::domain::transfer::TransferTool::Dpf)
    );
    let mut activities = Vec::new();
    h.register
        .for_each_activity(|row| {
            activities.push(row.clone());
            Ok::<_, dpo_workbench::store::StoreError>(())
        })
        .unwrap();
    assert_eq!(activities.len(), 1);
    let a = &activities[0].activity;
    assert_eq!(a.data_categories.len(), 2);
    assert_eq!(a.bases.len(), 1);
    assert_eq!(activities[0].processors.len(), 1);
}

/// Issue P's measure: a new client's register set up in the workbench —
/// new register, its organisation, Microsoft 365 from the catalogue with its
/// agreement and transfer, one activity with two categories and a lawful
/// basis (from its template) — counted key by key, against the same result
/// by the path there was before (`dpo init` on the command line, the
/// processor, its agreement and its transfer typed in three forms, the
/// activity typed line by line).
#[test]
fn a_new_client_takes_a_quarter_of_the_keystrokes_it_took_before() {
    // Now: everything in the workbench.
    let mut h = Harness::opened(120, 36);
    h.keys = 0;
    h.ctrl('o');
    h.key(KeyCode::Char('n'));
    h.type_text("Havbris Sjømat AS");
    tab_to(&mut h, "org_number");
    h.type_text("923609016");
    tab_to(&mut h, "jurisdiction");
    h.type_text("NO");
    h.ctrl('s');
    enter_the_contact(&mut h);
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('a'));
    h.type_text("ms365");
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.ctrl('s');
    // The activity from its template, its processor ticked.
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('a'));
    h.type_text("cust adm");
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    tab_to(&mut h, "processors");
    h.type_text("micro");
    h.key(KeyCode::Char(' '));
    h.ctrl('s');
    assert!(
        h.state.form().is_none(),
        "{:?}",
        h.state.form().map(|f| &f.form.errors)
    );
    assert_the_client_is_set_up(&h);
    let now = h.keys;

    // Before: the register made on the command line, the rest typed.
    let commands = [
        "dpo init havbris-sjomat.dpo --organisation 'Havbris Sjømat AS' --org-number 923609016 --jurisdiction NO\n",
        "dpo havbris-sjomat.dpo\n",
    ];
    let typed_in_the_shell: usize = commands.iter().map(|c| c.chars().count()).sum();
    let mut h = Harness::opened(120, 36);
    // As `dpo init` makes it from those flags.
    let org = common::record::<dpo_workbench::record::organisation::OrganisationKind>(&[
        ("name", "Havbris Sjømat AS"),
        ("org_number", "923609016"),
        ("jurisdiction", "NO"),
        ("time_zone", "Europe/Oslo"),
        ("role", "controller"),
    ]);
    let path = h.register.folder().join("havbris-sjomat.dpo");
    Register::create(&path, &org, clock(), |_| {
        Ok::<(), dpo_workbench::store::StoreError>(())
    })
    .unwrap();
    h.register = Register::open(&path, clock()).unwrap();
    let effects = init(&h.state);
    h.run(effects);
    h.keys = 0;
    enter_the_contact(&mut h);
    h.key(KeyCode::Char('1'));
    h.key(KeyCode::Char('a'));
    h.type_text("Microsoft Ireland Operations Limited");
    tab_to(&mut h, "country");
    h.type_text("IE");
    tab_to(&mut h, "service");
    h.type_text("Microsoft 365: e-mail, documents, meetings");
    h.ctrl('s');
    h.key(KeyCode::Char('c'));
    tab_to(&mut h, "status");
    h.key(KeyCode::Left); // requested → not started
    tab_to(&mut h, "document");
    h.type_text("https://www.microsoft.com/licensing/docs/view/Microsoft-Products-and-Services-Data-Protection-Addendum-DPA");
    h.ctrl('s');
    assert!(
        h.state.form().is_none(),
        "{:?}",
        h.state.form().map(|f| &f.form.errors)
    );
    h.key(KeyCode::Char('t'));
    h.type_text("US");
    tab_to(&mut h, "tool");
    h.type_text("dpf");
    tab_to(&mut h, "dpf_certified");
    h.key(KeyCode::Right);
    h.ctrl('s');
    assert!(
        h.state.form().is_none(),
        "{:?}",
        h.state.form().map(|f| &f.form.errors)
    );
    enter_one_activity(&mut h, "micro");
    assert_the_client_is_set_up(&h);
    let before = typed_in_the_shell + h.keys;

    println!("keystrokes: {now} now, {before} before");
    assert!(
        now * 4 <= before,
        "{now} keystrokes now, {before} before: not a quarter"
    );
    assert!(
        now <= 100,
        "{now} keystrokes now (98 when this was written)"
    );
}

#[test]
fn an_open_list_takes_arrows_and_esc_closes_it_not_the_form() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('t')); // a transfer of the first processor
    h.type_text("US");
    tab_to(&mut h, "tool");
    h.type_text("scc");
    assert_eq!(h.form_value("tool"), "scc_m1");
    h.key(KeyCode::Down);
    assert_eq!(
        h.form_value("tool"),
        "scc_m2",
        "↓ moves in the list of matches"
    );
    h.key(KeyCode::Esc);
    assert!(
        h.state.form().is_some(),
        "Esc emptied the filter, the form stays"
    );
    assert!(!h.state.form().unwrap().form.confirm_discard);
    assert_eq!(h.form_value("tool"), "scc_m2", "the choice stays");
    h.key(KeyCode::Esc);
    assert!(
        h.state.form().unwrap().form.confirm_discard,
        "a second Esc is the form's"
    );
}

#[test]
fn saving_an_agreement_recounts_what_needs_acting_on() {
    let mut h = Harness::demo(120, 36);
    let effects = update(
        &mut h.state,
        Action::Processors(dpo_workbench::tui::action::ProcessorAction::PartSaved {
            processor_id: 1,
            message: "Saved".into(),
        }),
    );
    assert!(effects.contains(&Effect::LoadOrganisation), "{effects:?}");
}

/// The drafted letter the pane shows.
fn letter_shown(h: &Harness) -> &dpo_workbench::tui::state::LetterView {
    match &h.state.modal {
        Some(Modal::Letter(view)) => view,
        other => panic!("no letter shown: {other:?} ({:?})", h.state.message),
    }
}

#[test]
fn l_drafts_a_letter_from_the_selected_request_and_w_writes_it_beside_the_register() {
    use dpo_workbench::store::LetterAbout;
    let mut h = Harness::demo(120, 36);
    open_request(&mut h, "DSR-2026-0002");
    h.key(KeyCode::Char('L'));
    assert!(matches!(
        h.state.form().map(|f| f.target),
        Some(FormTarget::Letter(LetterAbout::Request(_)))
    ));
    h.ctrl('s');
    // The register is Norwegian: the letter is too, until l changes it.
    assert!(letter_shown(&h)
        .letter
        .text
        .contains("Vi har mottatt henvendelsen din"));
    h.key(KeyCode::Char('l'));
    assert!(letter_shown(&h)
        .letter
        .text
        .contains("Vi har tagit emot din begäran"));
    h.key(KeyCode::Char('w'));
    h.key(KeyCode::Char('w'));
    let folder = h.register.folder();
    let first = folder.join("DSR-2026-0002-acknowledgement-sv.txt");
    let second = folder.join("DSR-2026-0002-acknowledgement-sv-2.txt");
    assert!(first.exists() && second.exists(), "{:?}", h.state.message);
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        letter_shown(&h).letter.text
    );
    let id = h.state.requests.selected_row().unwrap().id;
    let recorded: Vec<String> = h
        .register
        .letters_about(LetterAbout::Request(id))
        .unwrap()
        .into_iter()
        .map(|l| format!("{} {} {}", l.kind, l.lang, l.produced_to))
        .collect();
    assert_eq!(
        recorded,
        [
            "acknowledgement sv DSR-2026-0002-acknowledgement-sv.txt",
            "acknowledgement sv DSR-2026-0002-acknowledgement-sv-2.txt"
        ]
    );
    // c records a copy and hands the text to the terminal's clipboard.
    h.key(KeyCode::Char('c'));
    assert_eq!(
        h.state.clipboard.as_deref(),
        Some(letter_shown(&h).letter.text.as_str())
    );
    h.key(KeyCode::Esc);
    assert!(h.state.modal.is_none());
    // The files and the copy stay: recording them is not a write to undo.
    h.key(KeyCode::Char('u'));
    assert_eq!(
        h.state.message.as_ref().unwrap().text,
        "Nothing to undo in this session"
    );
}

#[test]
fn the_access_answer_asks_which_data_subjects_the_person_is() {
    let mut h = Harness::demo(120, 36);
    open_request(&mut h, "DSR-2026-0001");
    h.key(KeyCode::Char('L'));
    for _ in 0..4 {
        h.key(KeyCode::Right); // acknowledgement → … → answer
    }
    assert_eq!(h.form_value("kind"), "answer");
    h.ctrl('s');
    assert!(h
        .state
        .form()
        .unwrap()
        .form
        .errors
        .get("subjects")
        .is_some_and(|m| m.contains("tick the categories")));
    // The failed draft put the cursor on the checklist.
    h.type_text("business");
    h.key(KeyCode::Char(' '));
    h.ctrl('s');
    let text = &letter_shown(&h).letter.text;
    assert!(text.contains("Svar på kravet ditt om innsyn"), "{text}");
    assert!(
        text.contains("Customer administration") && !text.contains("Recruitment"),
        "{text}"
    );
}

#[test]
fn s_on_an_extension_notice_opens_the_extension_with_its_reasons() {
    use dpo_workbench::domain::request::RequestStatus;
    let mut h = Harness::demo(120, 36);
    open_request(&mut h, "DSR-2026-0002");
    h.key(KeyCode::Char('L'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    assert_eq!(h.form_value("kind"), "extension");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.type_text("Tickets spread over three systems");
    h.ctrl('s');
    assert!(letter_shown(&h)
        .letter
        .text
        .contains("Tickets spread over three systems"));
    h.key(KeyCode::Char('s'));
    assert!(matches!(
        h.state.form().map(|f| f.target),
        Some(FormTarget::Step { .. })
    ));
    assert_eq!(h.form_value("reason"), "Tickets spread over three systems");
    h.ctrl('s');
    assert_eq!(request_status(&h, "DSR-2026-0002"), RequestStatus::Extended);
}

#[test]
fn the_controller_notice_of_a_breach_as_processor_is_recorded_as_sent() {
    let mut h = Harness::demo(120, 36);
    // The demo's controller was told two hours after awareness: not yet, here.
    let id = 5;
    let row = h.register.breach(id).unwrap().unwrap();
    let mut untold = row.breach.clone();
    untold.controller_told_at = None;
    untold.controller_told_how.clear();
    untold.status = dpo_workbench::domain::breach::BreachStatus::Open;
    h.register.update_breach(id, row.revision, &untold).unwrap();
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Char('/'));
    h.type_text("fleet portal");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.breaches.selected_row().unwrap().id, id);
    h.key(KeyCode::Char('L'));
    // A breach we handle as processor offers the controller notice first.
    assert_eq!(h.form_value("kind"), "controller");
    h.ctrl('s');
    assert!(letter_shown(&h)
        .letter
        .text
        .contains("Nordic Fleet Logistics AS"));
    h.key(KeyCode::Char('s'));
    assert!(matches!(h.state.modal, Some(Modal::Confirm(_))));
    h.key(KeyCode::Char('y'));
    let breach = h.register.breach(id).unwrap().unwrap().breach;
    assert_eq!(breach.controller_told_at, Some(fixed_now()));
    assert_eq!(breach.controller_told_how, "written notice (Art. 33(2))");
    // Told once: a second notice is not recorded as the first.
    h.key(KeyCode::Char('L'));
    h.ctrl('s');
    h.key(KeyCode::Char('s'));
    assert!(matches!(h.state.modal, Some(Modal::Letter(_))));
    let said = &h.state.message.as_ref().unwrap().text;
    assert!(
        said.starts_with("the controller was already told"),
        "{said}"
    );
}

#[test]
fn l_needs_a_request_or_a_breach() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('L')); // processors: no letters there, and no key either
    assert!(h.state.modal.is_none());
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('/'));
    h.type_text("no such request at all");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('L'));
    assert!(h.state.modal.is_none());
    assert!(h
        .state
        .message
        .as_ref()
        .is_some_and(|m| m.text.starts_with("Select a request or a breach")));
}

#[test]
fn snapshot_letter_preview() {
    let mut h = Harness::demo(100, 30);
    open_request(&mut h, "DSR-2026-0002");
    h.key(KeyCode::Char('L'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Right); // English
    h.ctrl('s');
    h.key(KeyCode::Char('j'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn a_paste_lands_in_the_field_at_once_line_breaks_kept_only_in_a_text_box() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('a'));
    h.act(Action::Paste("Acme AS\nNO\r\nStorgata 1\n".into()));
    let form = &h.state.form().unwrap().form;
    assert_eq!(
        form.fields[form.focus].key, "name",
        "the paste stays in the field"
    );
    assert_eq!(h.form_value("name"), "Acme AS NO Storgata 1");
    assert_eq!(
        h.form_value("country"),
        "",
        "nothing spilled into the next fields"
    );
    // A long paste is one action, not 5,000 keys.
    let long = "x".repeat(5_000);
    h.ctrl('u');
    h.act(Action::Paste(long.clone()));
    assert_eq!(h.form_value("name"), long);
    // A text box keeps the lines.
    let notes = {
        let form = &h.state.form().unwrap().form;
        form.fields.iter().position(|f| f.key == "notes").unwrap()
    };
    while h.state.form().unwrap().form.focus != notes {
        h.key(KeyCode::Tab);
    }
    h.act(Action::Paste("first line\r\nsecond line".into()));
    assert_eq!(h.form_value("notes"), "first line\nsecond line");
}

#[test]
fn a_paste_into_the_filter_filters_and_elsewhere_says_where_it_goes() {
    let mut h = Harness::demo(120, 36);
    h.act(Action::Paste("Tripletex".into()));
    assert!(h
        .state
        .message
        .as_ref()
        .is_some_and(|m| m.text.starts_with("Paste into a form's field or a filter")));
    h.key(KeyCode::Char('/'));
    h.act(Action::Paste("Triple\ntex".into()));
    assert_eq!(h.state.processors.filter, "Triple tex");
}

#[test]
fn ctrl_z_asks_the_run_loop_to_suspend_from_anywhere() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('a')); // even while typing in a form
    h.ctrl('z');
    assert!(h.state.suspend, "the run loop gives the terminal back");
    assert!(h.state.form().is_some(), "the form is kept for fg");
}

#[test]
fn the_status_bar_keeps_the_keys_and_the_file_name_and_cuts_the_organisation_first() {
    let mut h = Harness::demo(80, 24);
    h.state.file_label = "~/clients/nordic/2026/a-long-folder-name/acme-holding.dpo".into();
    let said =
        "Wrote DSR-2026-0001-extension-nb.md next to the register; the journal records the letter";
    h.state.info(said);
    let screen = h.screen();
    let status = screen.lines().last().unwrap();
    assert!(status.contains("…/acme-holding.dpo"), "{status}");
    assert!(status.contains("? help · q quit"), "{status}");
    assert!(
        status.contains("(M)"),
        "a cut message says where it is whole: {status}"
    );
    assert!(
        !status.contains("Fjordvakt"),
        "the organisation goes first: {status}"
    );
    h.key(KeyCode::Char('M'));
    let Some(Modal::Report(log)) = &h.state.modal else {
        panic!("M shows the messages");
    };
    assert_eq!(log.lines[0], said);
}

#[test]
fn a_demo_register_says_so_and_the_first_start_explains_it() {
    let h = Harness::demo(120, 36);
    assert!(h.screen().lines().last().unwrap().contains(" DEMO "));
    let welcome = dpo_workbench::tui::screens::welcome::report(
        std::path::Path::new("/home/dpo/.local/share/dpo-workbench/default.dpo"),
        &dpo_workbench::tui::keymap::KeyMap::standard(),
    );
    let text = welcome.lines.join("\n");
    assert!(
        text.contains("demo register") && text.contains("default.dpo"),
        "{text}"
    );
    assert!(
        text.contains("Ctrl-O, then n") && text.contains("dpo init"),
        "{text}"
    );
}

/// Adds a processor named `name` (a copy of the first one otherwise).
fn add_processor_named(h: &mut Harness, name: &str) {
    let fields = h.register.processor(1).unwrap().unwrap().processor.fields;
    let added = dpo_workbench::domain::processor::ProcessorFields {
        name: name.into(),
        parent_id: None,
        ..fields
    };
    h.register.insert_processor(&added).unwrap();
}

#[test]
fn the_filter_finds_a_name_whatever_its_unicode_form() {
    let mut h = Harness::demo(120, 36);
    // Decomposed, as text copied from some PDFs is: "e" and a combining acute.
    add_processor_named(&mut h, "Jose\u{301} Rådgivning AS");
    h.key(KeyCode::Char('/'));
    h.type_text("José"); // typed as one character each
    assert_eq!(
        h.state.processors.total, 1,
        "{:?}",
        h.state.processors.filter
    );
    assert!(h.selected_name().starts_with("Jose\u{301}"));
}

#[test]
fn snapshot_wide_names_keep_the_dialog_borders() {
    let mut h = Harness::demo(80, 24);
    add_processor_named(&mut h, "東京データ株式会社 🚀 クラウド");
    h.key(KeyCode::Char('/'));
    h.type_text("東京");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('d'));
    let screen = h.screen();
    // The dialog keeps its borders around wide names (see the snapshot).
    let dialog: Vec<&str> = screen.lines().filter(|l| l.contains("Delete")).collect();
    assert!(!dialog.is_empty(), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_window_below_80_by_24_says_so_instead_of_dropping_columns() {
    let h = Harness::demo(60, 20);
    let screen = h.screen();
    assert!(
        screen.contains("window too small: 80×24 needed, 60×20 now"),
        "{screen}"
    );
    assert!(!screen.contains("Processors"), "{screen}");
}

#[test]
fn at_80_by_24_the_organisation_scrolls_and_long_forms_say_more_is_below() {
    let mut h = Harness::demo(80, 24);
    h.key(KeyCode::Char('5'));
    assert!(h.screen().contains("↓ more"), "{}", h.screen());
    assert!(!h.screen().contains("Schema version"));
    for _ in 0..10 {
        h.key(KeyCode::Char('j'));
    }
    let scrolled = h.screen();
    assert!(scrolled.contains("Schema version"), "{scrolled}");
    assert!(!scrolled.contains("↓ more"), "{scrolled}");
    // A new activity's form is longer than 24 rows.
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('a'));
    assert!(h.screen().contains("↓ more fields below"), "{}", h.screen());
    for _ in 0..30 {
        h.key(KeyCode::Tab);
    }
    assert!(h.screen().contains("↑ more fields above"), "{}", h.screen());
}

#[test]
fn the_palette_finds_a_command_by_what_it_does_and_runs_it() {
    let mut h = Harness::demo(120, 36);
    open_request(&mut h, "DSR-2026-0002");
    h.key(KeyCode::Char(':'));
    assert!(matches!(h.state.modal, Some(Modal::Palette(_))));
    h.type_text("extend");
    let Some(Modal::Palette(palette)) = &h.state.modal else {
        panic!("the palette stays open while typing");
    };
    let first = &palette.shown(&h.state.keys)[0];
    assert_eq!(first.keys, "x");
    assert!(first.help.starts_with("extend by two months"), "{first:?}");
    h.key(KeyCode::Enter);
    assert!(matches!(
        h.state.form().map(|f| f.target),
        Some(FormTarget::Step { .. })
    ));
    // What a command does ranks before the group it is listed under.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char(':'));
    h.type_text("breach");
    let Some(Modal::Palette(palette)) = &h.state.modal else {
        panic!("the palette is open");
    };
    let first = &palette.shown(&h.state.keys)[0];
    assert!(first.help.contains("Breaches"), "{first:?}");
    // Ctrl-P opens it too; Esc closes it without running anything.
    h.key(KeyCode::Esc);
    h.ctrl('p');
    assert!(matches!(h.state.modal, Some(Modal::Palette(_))));
    h.key(KeyCode::Esc);
    assert!(h.state.modal.is_none());
}

/// Over one screen the palette finds the others' commands too, and runs
/// one on its screen: "agreement" typed over the breaches.
#[test]
fn the_palette_finds_another_screens_command_and_runs_it_there() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Char(':'));
    h.type_text("agreement");
    let Some(Modal::Palette(palette)) = &h.state.modal else {
        panic!("the palette is open");
    };
    let shown = palette.shown(&h.state.keys);
    let first = &shown[0];
    assert_eq!(
        first.screen,
        Some(dpo_workbench::tui::keymap::Mode::Processors),
        "{first:?}"
    );
    assert!(
        h.screen()
            .contains("Processors: record or edit its processor agreement"),
        "{}",
        h.screen()
    );
    // A word typed whole ranks before one it begins ("fold", not "folder"),
    // and each screen's command of one name is offered.
    let shown_for = |h: &mut Harness, typed: &str| {
        h.key(KeyCode::Char(':'));
        h.type_text(typed);
        let Some(Modal::Palette(palette)) = &h.state.modal else {
            panic!("the palette is open");
        };
        let shown = palette.shown(&h.state.keys);
        h.key(KeyCode::Esc);
        shown
    };
    h.key(KeyCode::Esc);
    let fold = shown_for(&mut h, "fold");
    assert_eq!(
        fold[0].command,
        dpo_workbench::tui::keymap::Command::Fold(None),
        "{fold:?}"
    );
    h.key(KeyCode::Char('2'));
    let letters = shown_for(&mut h, "letter");
    let screens: Vec<_> = letters.iter().filter_map(|e| e.screen).collect();
    assert!(
        screens.contains(&dpo_workbench::tui::keymap::Mode::Requests),
        "{letters:?}"
    );
    assert!(
        screens.contains(&dpo_workbench::tui::keymap::Mode::Breaches),
        "{letters:?}"
    );
    h.key(KeyCode::Char('4'));
    h.key(KeyCode::Char(':'));
    h.type_text("agreement");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.tab, Tab::Processors);
    assert!(
        matches!(
            h.state.form().map(|f| f.target),
            Some(FormTarget::Agreement { .. })
        ),
        "{:?}",
        h.state.form().map(|f| f.target)
    );
}

#[test]
fn snapshot_command_palette() {
    let mut h = Harness::demo(100, 30);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char(':'));
    h.type_text("letter");
    insta::assert_snapshot!(h.screen());
}

#[test]
fn u_undoes_the_last_save_or_deletion_and_ctrl_r_redoes_it() {
    let mut h = Harness::demo(120, 36);
    h.key(KeyCode::Char('u'));
    let said = |h: &Harness| h.state.message.as_ref().unwrap().text.clone();
    assert_eq!(said(&h), "Nothing to undo in this session");
    // A deletion, with the sub-processor that goes with it.
    h.type_text("/amazon web services emea");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert_eq!(h.register.count_processors("").unwrap(), 17);
    h.key(KeyCode::Char('u'));
    assert_eq!(h.register.count_processors("").unwrap(), 19);
    assert!(
        said(&h).starts_with("Undone: the deletion of processors#")
            && said(&h).ends_with("· Ctrl-R redoes it"),
        "{}",
        said(&h)
    );
    assert_eq!(
        h.state.processors.total, 1,
        "the filtered list shows it back"
    );
    h.ctrl('r');
    assert_eq!(h.register.count_processors("").unwrap(), 17);
    assert!(said(&h).starts_with("Redone: the deletion"), "{}", said(&h));
    h.key(KeyCode::Char('u'));
    assert_eq!(h.register.count_processors("").unwrap(), 19);
    // A save: the name comes back; the journal tells it "via undo" and holds.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('e'));
    h.ctrl('u');
    h.type_text("Renamed AS");
    h.ctrl('s');
    assert_eq!(h.selected_name(), "Renamed AS");
    h.key(KeyCode::Char('u'));
    assert_ne!(h.selected_name(), "Renamed AS");
    assert!(
        said(&h).starts_with("Undone: the change of processors#"),
        "{}",
        said(&h)
    );
    let mut vias = Vec::new();
    h.register
        .for_each_journal_entry(&Default::default(), |e| {
            vias.push(e.via.clone());
            Ok::<(), dpo_workbench::store::StoreError>(())
        })
        .unwrap();
    assert_eq!(vias.last().map(String::as_str), Some("undo"));
    assert!(h.register.verify_journal().unwrap().intact());
    // Typing `u` in a field is text, not an undo (there is one to make).
    h.key(KeyCode::Char('e'));
    h.ctrl('u');
    h.type_text("Renamed u");
    h.ctrl('s');
    h.key(KeyCode::Char('e'));
    h.type_text("u");
    assert!(
        h.form_value("name").ends_with("Renamed uu"),
        "{}",
        h.form_value("name")
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
}

#[test]
fn rebound_keys_show_in_the_footers_the_help_and_the_palette() {
    let mut h = Harness::demo(120, 36);
    let keys = dpo_workbench::tui::keymap::KeyMap::with_user_keys([
        ("add", vec!["+"]),
        ("quit", vec!["Ctrl-Q"]),
    ])
    .unwrap();
    h.state.keys = std::sync::Arc::new(keys);
    let screen = h.screen();
    assert!(screen.contains("+ add"), "{screen}");
    assert!(screen.contains("Ctrl-Q quit"), "{screen}");
    h.key(KeyCode::Char('a'));
    assert!(h.state.form().is_none(), "a no longer adds");
    h.key(KeyCode::Char('+'));
    assert!(h.state.form().is_some(), "+ adds");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('?'));
    let help = h.screen();
    assert!(help.contains("Ctrl-Q       quit"), "{help}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char(':'));
    h.type_text("quit");
    let Some(Modal::Palette(palette)) = &h.state.modal else {
        panic!("the palette is open");
    };
    assert_eq!(palette.shown(&h.state.keys)[0].keys, "Ctrl-Q");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('q'));
    assert!(!h.state.should_quit, "q no longer quits");
}

#[test]
fn at_80_columns_the_help_keeps_its_closing_key_whole() {
    let mut h = Harness::demo(80, 24);
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    let bottom = screen
        .lines()
        .find(|l| l.contains("close"))
        .expect("the help's bottom line");
    assert!(
        bottom.contains("?/Esc close ─") || bottom.contains("?/Esc close ┘"),
        "{bottom}"
    );
    assert!(!bottom.contains("config.t┘"), "{bottom}");
}

#[test]
fn a_schema_changed_by_another_program_is_said_once_after_the_check_on_its_own_thread() {
    let mut h = Harness::opened(120, 36);
    assert!(h.state.schema_findings.is_empty());
    let path = h.register.path().to_path_buf();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE VIEW peek AS SELECT 1;")
        .unwrap();
    // The reload after another program's commit checks the schema again
    // (`Effect::CheckSchema`, which the run loop hands to the background).
    assert!(dpo_workbench::tui::background::Background::takes(
        &Effect::CheckSchema
    ));
    h.act(Action::ChangedElsewhere);
    let said = h.state.message.as_ref().unwrap().text.clone();
    assert!(
        said.starts_with("Warning: view 'peek' is not the register's own"),
        "{said}"
    );
    assert_eq!(h.state.schema_findings.len(), 1);
    h.state.message = None;
    h.act(Action::ChangedElsewhere);
    assert!(
        h.state
            .message
            .as_ref()
            .is_none_or(|m| !m.text.starts_with("Warning")),
        "said once"
    );
}

#[test]
fn the_organisation_counts_more_requests_than_the_quick_count_on_the_background_thread() {
    let mut h = Harness::with_more_than_a_quick_count();
    let total = h.register.count_requests("").unwrap();
    assert!(total > 5_000);
    // Counted once the list's own exact count came (run in place here).
    assert_eq!(h.state.organisation.as_ref().unwrap().requests, Some(total));
    // A filter on the list, then a write: the summary is counted again on
    // its own (a count of every request, which a filtered count does not supersede).
    h.key(KeyCode::Char('3'));
    h.type_text("/dsr");
    h.key(KeyCode::Enter);
    let count_all = Effect::Requests(RequestEffect::CountRequests {
        filter: String::new(),
    });
    let count_some = Effect::Requests(RequestEffect::CountRequests {
        filter: "dsr".into(),
    });
    let mut background = dpo_workbench::tui::background::Background::default();
    let path = h.register.path().to_path_buf();
    background.submit(&path, count_some, fixed_now(), fixed_today());
    background.submit(&path, count_all.clone(), fixed_now(), fixed_today());
    assert_eq!(background.finish().len(), 2, "neither supersedes the other");
    let effects = dpo_workbench::tui::update::update(&mut h.state, Action::ChangedElsewhere);
    assert!(effects.contains(&Effect::LoadOrganisation));
    h.run(effects);
    assert_eq!(h.state.organisation.as_ref().unwrap().requests, Some(total));
    h.key(KeyCode::Char('5'));
    assert!(h.screen().contains(&total.to_string()), "{}", h.screen());
}

/// The draft of a policy the dialog shows.
fn draft_shown(h: &Harness) -> &dpo_workbench::tui::screens::policy_draft::DraftView {
    match &h.state.modal {
        Some(Modal::Draft(view)) => view,
        other => panic!("no draft shown: {other:?} ({:?})", h.state.message),
    }
}

/// A short policy of a Norwegian client, written beside the register.
fn policy_beside(h: &Harness) -> std::path::PathBuf {
    let path = h.register.folder().join("personvern.md");
    std::fs::write(
        &path,
        "# Personvernerklæring for Havbris Sjømat AS\n\n\
         Havbris Sjømat AS (org.nr. 923 609 016) er behandlingsansvarlig for personopplysningene vi behandler.\n\
         Spørsmål om personvern sendes til personvern@havbris.no.\n\n\
         ## Kundeservice\n\n\
         Vi behandler navn, e-postadresse og telefonnummer for å svare på henvendelser fra kunder.\n\
         Grunnlaget er personvernforordningen artikkel 6 nr. 1 bokstav f (berettiget interesse).\n\
         Henvendelsene slettes etter to år.\n\n\
         ## Leverandører\n\n\
         Vi bruker Tripletex til regnskap og en e-postleverandør til nyhetsbrev.\n\n\
         Du kan klage til Datatilsynet.\n",
    )
    .unwrap();
    path
}

#[test]
fn a_new_register_drafted_from_a_policy_in_a_few_keystrokes() {
    let mut h = Harness::opened(120, 36);
    policy_beside(&h);
    h.keys = 0;
    h.ctrl('o');
    h.key(KeyCode::Char('n'));
    h.type_text("Havbris Sjømat AS");
    h.key(KeyCode::Tab);
    h.type_text("personvern.md");
    h.ctrl('s');
    let view = draft_shown(&h);
    assert_eq!(view.policy, "personvern.md");
    let kinds: Vec<&str> = view.suggestions.iter().map(|s| s.kind.code()).collect();
    for kind in [
        "organisation_name",
        "org_number",
        "contact_email",
        "processor",
        "lawful_basis",
        "retention",
    ] {
        assert!(kinds.contains(&kind), "{kind} proposed: {kinds:?}");
    }
    // The vague provider starts rejected: it must be identified first.
    let vague = view
        .suggestions
        .iter()
        .position(|s| s.value.starts_with("to be identified"))
        .unwrap();
    assert!(!view.accepted[vague]);
    let typed = "Havbris Sjømat AS".chars().count() + "personvern.md".chars().count();
    h.key(KeyCode::Char('w'));
    assert!(h.state.modal.is_none(), "{:?}", h.state.message);
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("journaled via draft"));
    // Ctrl-O, n, the name, Tab, the policy, Ctrl-S, w: the keys beyond the typing.
    assert_eq!(
        h.keys - typed,
        5,
        "keystrokes beyond typing the name and the file"
    );

    let org = h.register.organisation().unwrap();
    assert_eq!(
        (org.name.as_str(), org.org_number.as_str()),
        ("Havbris Sjømat AS", "923 609 016")
    );
    assert_eq!(org.contact_email, "personvern@havbris.no");
    assert_eq!(org.jurisdiction.map(|j| j.code()), Some("NO"));
    let mut names = Vec::new();
    h.register
        .for_each_processor(|row| {
            names.push(row.processor.fields.name.clone());
            Ok::<_, dpo_workbench::store::StoreError>(())
        })
        .unwrap();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("Tripletex"),
        "the catalogue's entity: {names:?}"
    );
    let activity = h.register.activity_page("", false, 0, 10).unwrap();
    let row = activity
        .iter()
        .find(|a| a.activity.name == "Kundeservice")
        .expect("a record per heading");
    assert_eq!(
        row.activity.status,
        dpo_workbench::domain::activity::ActivityStatus::Draft
    );
    assert!(h.register.verify_journal().unwrap().intact());
    let mut vias: Vec<String> = Vec::new();
    h.register
        .for_each_journal_entry(&dpo_workbench::store::JournalFilter::default(), |e| {
            vias.push(e.via.clone());
            Ok::<_, dpo_workbench::store::StoreError>(())
        })
        .unwrap();
    assert!(vias.iter().any(|v| v == "draft"), "{vias:?}");
    // u takes the whole draft back.
    h.key(KeyCode::Char('u'));
    assert_eq!(h.register.count_processors("").unwrap(), 0);
}

#[test]
fn p_reads_a_policy_space_rejects_enter_edits_and_esc_writes_nothing() {
    let mut h = Harness::demo(120, 36);
    policy_beside(&h);
    let before = h.register.count_processors("").unwrap();
    h.key(KeyCode::Char('P'));
    assert_eq!(h.state.mode(), dpo_workbench::tui::keymap::Mode::DraftInput);
    h.key(KeyCode::Enter);
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Type the policy's file"));
    h.type_text("nowhere.txt");
    h.key(KeyCode::Enter);
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("cannot read the policy"));
    h.ctrl('u');
    h.type_text("personvern.md");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.mode(), dpo_workbench::tui::keymap::Mode::Draft);
    // The demo register is another client's: its organisation is not replaced unasked.
    assert_eq!(
        draft_shown(&h).other_client.as_deref(),
        Some("Havbris Sjømat AS")
    );
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("The policy is Havbris Sjømat AS's"));
    let first = draft_shown(&h).accepted[0];
    assert!(!first, "the other client's name starts rejected");
    h.key(KeyCode::Char(' '));
    assert_eq!(draft_shown(&h).accepted[0], !first, "Space turns it");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.mode(), dpo_workbench::tui::keymap::Mode::DraftInput);
    h.ctrl('u');
    h.type_text("Havbris AS");
    h.key(KeyCode::Enter);
    assert_eq!(draft_shown(&h).suggestions[0].value, "Havbris AS");
    assert!(draft_shown(&h).accepted[0], "an edited value is accepted");
    h.key(KeyCode::Char('a'));
    assert!(draft_shown(&h).accepted.iter().all(|a| *a), "a: all");
    h.key(KeyCode::Char('a'));
    assert!(draft_shown(&h).accepted.iter().all(|a| !a), "a twice: none");
    h.key(KeyCode::Char('w'));
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Nothing accepted"));
    h.key(KeyCode::Char('a'));
    assert_eq!(
        draft_shown(&h).accepted,
        draft_shown(&h).proposed,
        "a thrice: as proposed"
    );
    // Choices are not lost at one key.
    h.key(KeyCode::Esc);
    assert!(h.state.modal.is_some(), "the first Esc asks");
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Esc again"));
    h.key(KeyCode::Esc);
    assert!(h.state.modal.is_none());
    assert_eq!(
        h.register.count_processors("").unwrap(),
        before,
        "nothing written"
    );
}

#[test]
fn snapshot_policy_draft() {
    let mut h = Harness::demo(100, 30);
    policy_beside(&h);
    h.key(KeyCode::Char('P'));
    h.type_text("personvern.md");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn an_edited_value_the_register_cannot_read_is_refused_and_kept_for_mending() {
    let mut h = Harness::demo(120, 36);
    policy_beside(&h);
    h.key(KeyCode::Char('P'));
    h.type_text("personvern.md");
    h.key(KeyCode::Enter);
    let retention = draft_shown(&h)
        .suggestions
        .iter()
        .position(|s| s.kind.code() == "retention")
        .expect("a retention period proposed");
    h.key(KeyCode::Home);
    for _ in 0..retention {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    h.ctrl('u');
    h.type_text("for a while");
    h.key(KeyCode::Enter);
    assert!(h
        .state
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("is not a retention period"));
    assert_eq!(
        h.state.mode(),
        dpo_workbench::tui::keymap::Mode::DraftInput,
        "still editing"
    );
    h.ctrl('u');
    h.type_text("3 years after the last contact");
    h.key(KeyCode::Enter);
    assert_eq!(
        draft_shown(&h).suggestions[retention].value,
        "3 years after the last contact"
    );
}
