'use strict';
// Gives each select2 picker the name of the field it stands for. Select2 names its box by the chosen value only
// (nothing when empty) and its search box not at all, so assistive technology (and axe) find unnamed fields.
{
    const $ = django.jQuery;

    function fieldName(select) {
        const label = select.id ? document.querySelector(`label[for="${select.id}"]`) : null;
        const text = select.getAttribute('aria-label') || (label ? label.textContent : select.name);
        return text.replace(/:\s*$/, '').trim();
    }

    function nameSelect2(select, container) {
        const name = fieldName(select);
        const box = container.querySelector('.select2-selection');
        const rendered = box.querySelector('.select2-selection__rendered');
        box.setAttribute('aria-label', name);
        box.removeAttribute('aria-labelledby');
        if (rendered && rendered.id) {
            // The chosen value is read after the name; it is text inside the box, not a second field.
            rendered.removeAttribute('role');
            rendered.removeAttribute('aria-readonly');
            box.setAttribute('aria-describedby', rendered.id);
        }
        const search = container.querySelector('.select2-search__field');
        if (search) {
            search.setAttribute('aria-label', name);
        }
    }

    // A many-picker's "clear" button is a <span> that select2 puts first in its list of choices (<ul>), where only
    // list items belong (axe: "list"). It is moved just after the list, still inside the box whose handler it needs.
    // Select2 puts a new one back each time it draws the choices again, and empties only the list when it does.
    function moveClearButton(container) {
        const list = container.querySelector('ul.select2-selection__rendered');
        const clear = list && list.querySelector(':scope > .select2-selection__clear');
        if (clear) {
            list.parentElement.querySelectorAll(':scope > .select2-selection__clear').forEach((old) => old.remove());
            list.after(clear);
        }
    }

    function fixPickers() {
        document.querySelectorAll('select.admin-autocomplete').forEach((select) => {
            const container = select.nextElementSibling;
            if (container && container.classList.contains('select2')) {
                nameSelect2(select, container);
                moveClearButton(container);
            }
        });
    }

    // Select2 draws a picker (on load, for a row added to an inline, after each change) by adding elements; an
    // observer's callback runs before anything else can read the page, so no reader ever sees an unnamed picker.
    // Its own changes here are attributes and one move, so it settles after a second, empty pass.
    new MutationObserver(fixPickers).observe(document.documentElement, {childList: true, subtree: true});

    // A single picker's search box appears in its dropdown when it opens.
    $(document).on('select2:open', (event) => {
        const search = document.querySelector('.select2-container--open .select2-search--dropdown .select2-search__field');
        if (search) {
            search.setAttribute('aria-label', fieldName(event.target));
        }
    });
}
