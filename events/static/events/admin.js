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

    function nameAll(root) {
        // After admin/js/autocomplete.js has turned the selects into pickers (its handlers run before this timeout).
        setTimeout(() => {
            root.querySelectorAll('select.admin-autocomplete').forEach(nameSelect2);
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
}
