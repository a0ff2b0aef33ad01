//! The escalation dialog: reply to one of the chat's escalations, or choose a template and fill
//! it in. The template's rules are checked as the agent goes, each problem named next to its
//! field, with the same function the backend uses.

use uuid::Uuid;

use crate::policy::escalation::{Facts, check};
use crate::protocol::{
    Escalation, EscalationTemplate, FieldKind, FieldProblem, FieldValue, NewEscalation,
};

/// Where the dialog is.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// The chat's escalations to answer, then the templates.
    Choose {
        selected: usize,
    },
    Fill(Box<Filling>),
    /// Answering a lead in an escalation's thread.
    Reply {
        escalation: Uuid,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Filling {
    pub template: EscalationTemplate,
    /// The chat's client ID, which a client-ID field must match.
    pub client_id: Option<String>,
    pub values: Vec<String>,
    pub field: usize,
    pub problems: Vec<FieldProblem>,
    pub warnings: Vec<FieldProblem>,
    /// Whether the agent already tried to send (problems are shown from then on).
    pub tried: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EscalationDialog {
    pub chat: Uuid,
    pub stage: Stage,
}

/// What the Choose list shows: the chat's escalations first, then every template.
pub enum Choice<'a> {
    Answer(&'a Escalation),
    Template(&'a EscalationTemplate),
}

pub fn choices<'a>(
    escalations: &'a [Escalation],
    templates: &'a [EscalationTemplate],
) -> Vec<Choice<'a>> {
    escalations
        .iter()
        .map(Choice::Answer)
        .chain(templates.iter().map(Choice::Template))
        .collect()
}

impl Filling {
    /// A template to fill, with the client ID already known from the chat.
    pub fn new(template: EscalationTemplate, client_id: Option<&str>) -> Filling {
        let values = template
            .fields
            .iter()
            .map(|f| match (f.id.as_str(), client_id) {
                ("cid", Some(id)) => id.to_string(),
                _ => String::new(),
            })
            .collect();
        let mut filling = Filling {
            template,
            client_id: client_id.map(str::to_string),
            values,
            field: 0,
            problems: Vec::new(),
            warnings: Vec::new(),
            tried: false,
        };
        filling.recheck();
        filling
    }

    pub fn fields(&self) -> Vec<FieldValue> {
        self.template
            .fields
            .iter()
            .zip(&self.values)
            .map(|(f, v)| FieldValue {
                id: f.id.clone(),
                value: v.trim().to_string(),
            })
            .collect()
    }

    fn recheck(&mut self) {
        let english = crate::spelling::Speller::english();
        let facts = Facts {
            client_id: self.client_id.as_deref(),
            knows_word: &|word| english.knows(word),
        };
        let checked = check(&self.template, &self.fields(), &facts);
        self.problems = checked.problems;
        self.warnings = checked.warnings;
    }

    pub fn kind(&self) -> Option<FieldKind> {
        self.template.fields.get(self.field).map(|f| f.kind)
    }

    pub fn type_char(&mut self, c: char) {
        if c.is_control() || self.kind() == Some(FieldKind::YesNo) {
            return;
        }
        if let Some(value) = self.values.get_mut(self.field)
            && value.chars().count() < 2000
        {
            value.push(c);
            self.recheck();
        }
    }

    pub fn backspace(&mut self) {
        if let Some(value) = self.values.get_mut(self.field) {
            value.pop();
            self.recheck();
        }
    }

    /// Left/Right on a yes/no field.
    pub fn flip(&mut self) {
        if self.kind() != Some(FieldKind::YesNo) {
            return;
        }
        if let Some(value) = self.values.get_mut(self.field) {
            *value = if value == "yes" { "no" } else { "yes" }.to_string();
            self.recheck();
        }
    }

    pub fn next_field(&mut self, forward: bool) {
        let n = self.values.len().max(1);
        self.field = if forward {
            (self.field + 1) % n
        } else {
            (self.field + n - 1) % n
        };
    }

    /// The problem to show next to a field (once the agent tried to send, or once the field
    /// has text).
    pub fn problem(&self, index: usize) -> Option<&str> {
        let field = self.template.fields.get(index)?;
        let typed = self.values.get(index).is_some_and(|v| !v.trim().is_empty());
        if !self.tried && !typed {
            return None;
        }
        self.problems
            .iter()
            .find(|p| p.field == field.id)
            .map(|p| p.problem.as_str())
    }

    pub fn warning(&self, index: usize) -> Option<&str> {
        let field = self.template.fields.get(index)?;
        self.warnings
            .iter()
            .find(|p| p.field == field.id)
            .map(|p| p.problem.as_str())
    }

    /// Problems about the escalation as a whole.
    pub fn general_problems(&self) -> Vec<&str> {
        self.problems
            .iter()
            .filter(|p| !self.template.fields.iter().any(|f| f.id == p.field))
            .map(|p| p.problem.as_str())
            .collect()
    }

    /// The escalation to send, or `None` with the cursor on the first problem.
    pub fn ready(&mut self) -> Option<NewEscalation> {
        self.tried = true;
        self.recheck();
        if let Some(first) = self.problems.first() {
            if let Some(i) = self
                .template
                .fields
                .iter()
                .position(|f| f.id == first.field)
            {
                self.field = i;
            }
            return None;
        }
        Some(NewEscalation {
            template: self.template.id.clone(),
            fields: self.fields(),
        })
    }

    /// Problems the backend named, shown next to their fields.
    pub fn refused(&mut self, problems: Vec<FieldProblem>) {
        self.tried = true;
        self.problems = problems;
    }
}
