-- The three shipped report templates (issue 13, "Unified reports"), as data: version 1 of each, by 'frontline'.
-- The format is documented in gateway/README.md "Report templates"; a coordinator adds versions through
-- PUT /api/v1/reports/{name}, so these rows are never changed.
insert into report_template (name, version, title, definition, created_by) values
('daily-epidemic', 1, 'Daily epidemic-prevention report', '{
  "name": "daily-epidemic",
  "title": "Daily epidemic-prevention report",
  "titleZh": "疫情防控日报",
  "department": "Health commission",
  "departmentZh": "卫健委",
  "rows": {"level": "community"},
  "columns": [
    {"metric": "screened", "label": "Screened", "labelZh": "筛查人次"},
    {"metric": "fever", "label": "Fever", "labelZh": "发热人次"},
    {"metric": "suspected", "label": "Suspected or referred", "labelZh": "疑似/转诊"},
    {"metric": "positives", "label": "Positive tests", "labelZh": "阳性"},
    {"metric": "inQuarantine", "label": "In quarantine or monitoring", "labelZh": "在管隔离/监测"},
    {"metric": "missedCheckIns", "label": "Missed check-ins", "labelZh": "漏打卡"},
    {"metric": "campaignCoverage", "label": "Campaign coverage %", "labelZh": "入户排查覆盖率%"}
  ],
  "filters": [],
  "date": {"rule": "day"}
}', 'frontline'),
('staffing', 1, 'Staffing report (last 7 days)', '{
  "name": "staffing",
  "title": "Staffing report (last 7 days)",
  "titleZh": "社区值守力量周报",
  "department": "Civil affairs",
  "departmentZh": "民政",
  "rows": {"level": "community"},
  "columns": [
    {"metric": "shiftSlotsRequired", "label": "Shift slots required", "labelZh": "应到岗位"},
    {"metric": "shiftSlotsCovered", "label": "Shift slots covered", "labelZh": "已排岗位"},
    {"metric": "uncoveredHours", "label": "Uncovered hours", "labelZh": "缺岗小时"},
    {"metric": "peopleOnDuty", "label": "People on duty", "labelZh": "在岗人次"},
    {"metric": "volunteers", "label": "Volunteers", "labelZh": "志愿者"}
  ],
  "filters": [],
  "date": {"rule": "last-days", "days": 7}
}', 'frontline'),
('supplies', 1, 'Supplies report', '{
  "name": "supplies",
  "title": "Supplies report",
  "titleZh": "应急物资日报",
  "department": "Emergency management",
  "departmentZh": "应急管理",
  "rows": {"level": "community"},
  "columns": [
    {"metric": "lowestDaysOfCover", "label": "Lowest days of cover (critical items)", "labelZh": "关键物资最低可用天数"},
    {"metric": "itemsAtStockOut", "label": "Items at stock-out", "labelZh": "断货品种"},
    {"metric": "openAlerts", "label": "Open alerts", "labelZh": "未结预警"},
    {"metric": "openAlertsRed", "label": "Open alerts RED", "labelZh": "红色预警"},
    {"metric": "openAlertsOrange", "label": "Open alerts ORANGE", "labelZh": "橙色预警"}
  ],
  "filters": [],
  "date": {"rule": "day"}
}', 'frontline');
