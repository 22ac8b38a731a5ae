//! Who the matrix asks as, the small vocabulary of access rules, and the status each rule
//! means for each caller against a resource of A and of B.

use super::world::Side;

/// A caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    Owner(Side),
    Admin(Side),
    Member(Side),
    /// A's API key with the scope the operation needs (every scope).
    KeyOfA,
    /// A's API key with every scope but the one the operation needs.
    KeyOfAWithoutScope,
    PlatformAdmin,
}

/// Every caller, in the order the matrix asks.
pub const PRINCIPALS: [Principal; 10] = [
    Principal::Anonymous,
    Principal::Owner(Side::A),
    Principal::Admin(Side::A),
    Principal::Member(Side::A),
    Principal::Owner(Side::B),
    Principal::Admin(Side::B),
    Principal::Member(Side::B),
    Principal::KeyOfA,
    Principal::KeyOfAWithoutScope,
    Principal::PlatformAdmin,
];

/// Whose people an operation is for, relative to the side owning the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in person.
    SignedIn,
    /// Any member of the owning organisation.
    MemberOf,
    /// Owners and admins of the owning organisation.
    ManagerOf,
    /// Any member of the other side (which funds the owning side's funded ideas).
    FunderMember,
    /// Owners and admins of the other side (as funder).
    FunderManager,
    /// Members of the owning side or of the other side (proposer or funder).
    MemberOfEither,
    /// Only the owning side's owner, as the person the resource belongs to.
    Recipient,
    /// Platform admins only.
    PlatformAdmin,
}

/// How an API key of A is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRule {
    /// People only: any key is refused (403) before anything is looked up.
    Refused,
    /// Optional sign-in reads where keys are not taken: a key reads what the public reads.
    AsPublic,
    /// A member of A (an outsider elsewhere), once it has this scope (403 otherwise).
    Member(Option<&'static str>),
    /// An owner or admin of A (an outsider elsewhere), once it has this scope.
    Manager(&'static str),
}

/// An access rule: who, how A's keys are treated, whether platform admins pass too, and
/// what outsiders are told.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub who: Who,
    pub key: KeyRule,
    /// Platform admins pass too.
    pub staff: bool,
    /// Platform admins can see the resource, so refusing them is a 403, not a 404.
    pub seen_by_staff: bool,
    /// The resource is private: outsiders get 404 as if it did not exist (else 403).
    pub private: bool,
    /// Signing in is optional: anonymous callers are outsiders (404 when private).
    pub anon_outsider: bool,
}

const fn rule(who: Who) -> Rule {
    Rule {
        who,
        key: KeyRule::Refused,
        staff: false,
        seen_by_staff: false,
        private: false,
        anon_outsider: false,
    }
}

pub const fn public() -> Rule {
    rule(Who::Public)
}
pub const fn signed_in() -> Rule {
    rule(Who::SignedIn)
}
pub const fn member_of() -> Rule {
    rule(Who::MemberOf)
}
pub const fn manager_of() -> Rule {
    rule(Who::ManagerOf)
}
pub const fn funder_member() -> Rule {
    rule(Who::FunderMember)
}
pub const fn funder_manager() -> Rule {
    rule(Who::FunderManager)
}
pub const fn member_of_either() -> Rule {
    rule(Who::MemberOfEither)
}
pub const fn recipient() -> Rule {
    rule(Who::Recipient).private()
}
pub const fn platform_admin() -> Rule {
    rule(Who::PlatformAdmin)
}

impl Rule {
    /// A key of A with this scope acts as a member of A.
    pub const fn scope(mut self, scope: &'static str) -> Rule {
        self.key = KeyRule::Member(Some(scope));
        self
    }
    /// A key of A with this scope acts as an owner or admin of A.
    pub const fn scope_manages(mut self, scope: &'static str) -> Rule {
        self.key = KeyRule::Manager(scope);
        self
    }
    /// Any key of A is a member of A, whatever its scopes.
    pub const fn key_member(mut self) -> Rule {
        self.key = KeyRule::Member(None);
        self
    }
    /// A key reads what the public reads.
    pub const fn key_as_public(mut self) -> Rule {
        self.key = KeyRule::AsPublic;
        self
    }
    /// Platform admins may do it too.
    pub const fn staff(mut self) -> Rule {
        self.staff = true;
        self
    }
    /// Platform admins can see it (they are refused with 403).
    pub const fn seen_by_staff(mut self) -> Rule {
        self.seen_by_staff = true;
        self
    }
    /// Outsiders get 404.
    pub const fn private(mut self) -> Rule {
        self.private = true;
        self
    }
    /// Anonymous callers are outsiders (optional sign-in) rather than 401.
    pub const fn anon_outsider(mut self) -> Rule {
        self.anon_outsider = true;
        self
    }

    /// The scope a key needs, if any.
    pub fn needed_scope(&self) -> Option<&'static str> {
        match self.key {
            KeyRule::Member(scope) => scope,
            KeyRule::Manager(scope) => Some(scope),
            KeyRule::Refused | KeyRule::AsPublic => None,
        }
    }

    fn outsider(&self) -> u16 {
        if self.private {
            404
        } else {
            403
        }
    }

    /// The status `who` gets against a resource of `owner`, `ok` when allowed.
    pub fn expect(&self, who: Principal, owner: Side, ok: u16) -> u16 {
        use Principal as P;
        match who {
            P::Anonymous => match self.who {
                Who::Public => ok,
                _ if self.anon_outsider => self.outsider(),
                _ => 401,
            },
            P::PlatformAdmin => match self.who {
                Who::Public | Who::SignedIn | Who::PlatformAdmin => ok,
                _ if self.staff => ok,
                _ if self.seen_by_staff => 403,
                _ => self.outsider(),
            },
            P::Owner(side) | P::Admin(side) | P::Member(side) => {
                let manager = !matches!(who, P::Member(_));
                let proposer = side == owner;
                match self.who {
                    Who::Public | Who::SignedIn => ok,
                    // Refused whatever the id: nothing is revealed.
                    Who::PlatformAdmin => 403,
                    Who::MemberOf if proposer => ok,
                    Who::ManagerOf if proposer => {
                        if manager {
                            ok
                        } else {
                            403
                        }
                    }
                    Who::FunderMember if !proposer => ok,
                    Who::FunderManager if !proposer => {
                        if manager {
                            ok
                        } else {
                            403
                        }
                    }
                    Who::MemberOfEither => ok,
                    Who::Recipient if proposer && matches!(who, P::Owner(_)) => ok,
                    Who::Recipient => 404,
                    _ => self.outsider(),
                }
            }
            P::KeyOfA | P::KeyOfAWithoutScope => {
                let as_manager = match self.key {
                    KeyRule::Refused => return if self.who == Who::Public { ok } else { 403 },
                    KeyRule::AsPublic => return self.expect(P::Anonymous, owner, ok),
                    KeyRule::Member(Some(_)) | KeyRule::Manager(_)
                        if who == P::KeyOfAWithoutScope =>
                    {
                        return 403
                    }
                    KeyRule::Member(_) => false,
                    KeyRule::Manager(_) => true,
                };
                match self.who {
                    Who::SignedIn => ok,
                    Who::PlatformAdmin | Who::Recipient => 403,
                    // A key is one of A's members (or managers) and an outsider elsewhere.
                    _ if as_manager => self.expect(P::Admin(Side::A), owner, ok),
                    _ => self.expect(P::Member(Side::A), owner, ok),
                }
            }
        }
    }
}
