//! [`Few`]: a list that nearly always holds one item.

use std::ops::{Deref, DerefMut};

/// A list of at least one item that keeps its first inline and moves to a `Vec` at the second.
/// Planning keeps one per portal (its regions, its groups, its existing sessions), and nearly
/// every portal has one of each: 10,000 portals took 30,000 allocations for lists of one.
#[derive(Debug)]
pub(super) enum Few<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> Few<T> {
    pub(super) fn push(&mut self, item: T) {
        match self {
            Few::Many(items) => items.push(item),
            Few::One(_) => {
                // An empty `Vec` holds the place for a moment: it allocates nothing.
                let Few::One(first) = std::mem::replace(self, Few::Many(Vec::new())) else {
                    unreachable!("matched as one item")
                };
                *self = Few::Many(vec![first, item]);
            }
        }
    }
}

impl<T> Deref for Few<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            Few::One(item) => std::slice::from_ref(item),
            Few::Many(items) => items,
        }
    }
}

impl<T> DerefMut for Few<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Few::One(item) => std::slice::from_mut(item),
            Few::Many(items) => items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_keep_their_order_from_one_to_many() {
        let mut few = Few::One(1);
        assert_eq!(*few, [1]);
        assert!(matches!(few, Few::One(_)));
        few.push(2);
        few.push(3);
        assert_eq!(*few, [1, 2, 3]);
        few[1] += 10;
        assert_eq!(*few, [1, 12, 3]);
        let mut one = Few::One("a");
        one[0] = "b";
        assert_eq!(*one, ["b"]);
    }
}
