"""Pages of the main window beside "New request", each added with ``MainWindow.add_page``."""
