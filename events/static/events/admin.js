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

    function nameSelect2(select) {
        const container = select.nextElementSibling;
        if (!container || !container.classList.contains('select2')) {
            return;
        }
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
    // list items belong (axe: "list"). It is moved just after the list, still inside the box whose handler it needs;
    // select2 puts it back on every change, so this runs after each one too.
    function moveClearButton(select) {
        const container = select.nextElementSibling;
        const list = container && container.querySelector('ul.select2-selection__rendered');
        if (!list) {
            return;
        }
        // The one moved last time: select2 empties only its list when it draws the choices again.
        list.parentElement.querySelectorAll(':scope > .select2-selection__clear').forEach((old) => old.remove());
        const clear = list.querySelector(':scope > .select2-selection__clear');
        if (clear) {
            list.after(clear);
        }
    }

    function nameAll(root) {
        // After admin/js/autocomplete.js has turned the selects into pickers (its handlers run before this timeout).
        setTimeout(() => {
            root.querySelectorAll('select.admin-autocomplete').forEach((select) => {
                nameSelect2(select);
                moveClearButton(select);
            });
        }, 0);
    }

    $(() => nameAll(document));
    // A single picker's search box appears in its dropdown when it opens.
    $(document).on('select2:open', (event) => {
        const search = document.querySelector('.select2-container--open .select2-search--dropdown .select2-search__field');
        if (search) {
            search.setAttribute('aria-label', fieldName(event.target));
        }
    });
    document.addEventListener('formset:added', (event) => nameAll(event.target));
    // Delegated, so it runs after select2's own handler on the select has drawn the choices again.
    $(document).on('change', 'select.admin-autocomplete', (event) => moveClearButton(event.target));
}
