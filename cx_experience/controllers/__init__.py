from . import visit_page
