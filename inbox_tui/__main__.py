from inbox_tui.cli import main

raise SystemExit(main())
