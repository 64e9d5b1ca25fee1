#!/usr/bin/env ruby
# frozen_string_literal: true

# Interop check of aws-sso-migrate with the AWS SDK for Ruby v3 (aws-sdk-core's SharedConfig and
# IniParser, Debian's ruby-aws-sdk-core). For each config file: run the tool (`--format
# config`), read the original and the result with the SDK's own `Aws::SharedConfig`, and check
# that the migration kept the meaning:
#   - the same profiles, each with the same keys and values apart from the SSO ones it moves;
#   - each profile's portal, SSO region, account, role and scopes as the SDK's
#     `sso_credentials_from_config` takes them (its own session lookup and its own checks of an
#     inline value against the session's), where the SDK's `SSOCredentials` records what it is
#     given instead of calling the SSO portal;
#   - every sso-session the SDK read before still there, with the same keys and values.
# A file the tool refuses (exit 2) is counted, not judged (the botocore check judges refusals).
#
#   ruby check.rb --bin PATH [-v] [FILE...]  check FILEs (default: the botocore check's inputs)
#   ruby check.rb --selftest                 prove the comparison catches wrong migrations

require 'aws-sdk-core'
require 'fileutils'
require 'json'
require 'open3'
require 'pathname'
require 'set'
require 'tmpdir'

REPO = File.expand_path('../..', __dir__)
SHARED = File.expand_path('../shared', REPO)
SSO_KEYS = %w[sso_start_url sso_region sso_session sso_registration_scopes].freeze

# `SSOCredentials.new` asks the SSO portal for credentials at once. Here it returns the
# arguments the SDK resolved for it, which is what the check compares.
class << Aws::SSOCredentials
  def new(**args)
    args
  end
end

# Where a profile's SSO credentials come from, as the SDK resolves them: nil where it builds no
# SSO provider, `{"error" => ...}` where it refuses the profile.
def sso_target(shared, parsed, name)
  args = shared.sso_credentials_from_config(profile: name)
  return nil if args.nil?

  session = args[:sso_session] && parsed["sso-session #{args[:sso_session]}"]
  # With a session, the token is the session's login: its portal is the session's start URL.
  {
    'start_url' => session ? session['sso_start_url'] : args[:sso_start_url],
    'region' => args[:sso_region],
    'account' => args[:sso_account_id],
    'role' => args[:sso_role_name],
    'scopes' => (session || parsed[name])['sso_registration_scopes']
  }
rescue ArgumentError => e
  { 'error' => e.message }
end

# What the SDK reads in `text`: profiles (keys and SSO target) and sso-sessions. Every read gets
# a file of its own.
def read_as_sdk(text, dir)
  file = File.join(Dir.mktmpdir('read-', dir), 'config')
  File.binwrite(file, text)
  shared = Aws::SharedConfig.new(
    config_path: file,
    credentials_path: File.join(dir, 'no-credentials'),
    config_enabled: true
  )
  parsed = shared.instance_variable_get(:@parsed_config) || {}
  profiles = {}
  sessions = {}
  parsed.each do |name, keys|
    if name.start_with?('sso-session ')
      sessions[name.delete_prefix('sso-session ')] = keys
    elsif !name.start_with?('services ')
      profiles[name] = { keys: keys, sso: sso_target(shared, parsed, name) }
    end
  end
  { profiles: profiles, sessions: sessions }
end

TRAILING_VARIANTS = ['/#/', '/#', '#/', '/', '#'].freeze

# The same key as `portal_key` in src/aws/url.rs: two start URLs with the same key are one portal
# (scheme and host case, default port :443, one trailing `/`, `#`, `/#`, `#/` or `/#/`). The tool
# writes the spelling most of a portal's profiles use.
def portal_key(raw)
  sep = raw.index('://')
  return raw if sep.nil?

  lower = ->(s) { s.tr('A-Z', 'a-z') }
  scheme = lower.call(raw[0...sep])
  rest = raw[(sep + 3)..]
  auth_end = ['/', '?', '#'].filter_map { |c| rest.index(c) }.min || rest.length
  authority = rest[0...auth_end]
  tail = rest[auth_end..]
  at = authority.rindex('@')
  userinfo = at ? authority[0..at] : ''
  hostport = lower.call(at ? authority[(at + 1)..] : authority)
  if scheme == 'https'
    port = [':443', ':'].find { |p| hostport.end_with?(p) && !hostport.end_with?(']') }
    hostport = hostport.delete_suffix(port) if port
  end
  suffix = TRAILING_VARIANTS.find { |s| tail.end_with?(s) }
  tail = tail.delete_suffix(suffix) if suffix
  "#{scheme}://#{userinfo}#{hostport}#{tail}"
end

# Whether `field` of two targets means the same: a start URL may change its spelling, and scopes
# a profile had must still reach it (a new session may add the CLI's default scopes).
def same?(field, was, is)
  return true if was == is
  return !was.nil? && !is.nil? && portal_key(was) == portal_key(is) if field == 'start_url'
  return was.nil? if field == 'scopes'

  false
end

# A nested item's keys but the SSO ones; none where nothing else is left.
def without_sso(nested)
  rest = (nested || {}).reject { |k, _| SSO_KEYS.include?(k.downcase) }
  rest.empty? ? nil : rest
end

# Whether `target` (as `sso_target` returns it) has a portal and a region.
def complete?(target)
  !target.nil? && !target.key?('error') && !target['start_url'].nil? && !target['region'].nil?
end

# What differs in meaning between `before` and `after` (as `read_as_sdk` returns them); the
# number of profiles compared, and of those with SSO settings only afterwards.
def compare(before, after)
  problems = []
  counts = { compared: 0, gained: 0 }
  was_names = before[:profiles].keys.sort
  is_names = after[:profiles].keys.sort
  # A profile none of whose lines it read (`sso_start_url: ...`) may appear with the migration's
  # `sso_session` line and nothing else: it sees that profile only afterwards.
  appeared = is_names - was_names
  if (was_names - is_names).empty? &&
     appeared.all? { |n| after[:profiles][n][:keys].keys.all? { |k| !k.nil? && SSO_KEYS.include?(k) } }
    counts[:gained] += appeared.size
  else
    problems << "profiles were #{was_names.to_json}, are #{is_names.to_json}"
  end
  before[:profiles].each do |name, was|
    is = after[:profiles][name]
    next if is.nil?

    counts[:compared] += 1
    # botocore reads key names in any case; this SDK only lower-case ones, so it sees no SSO
    # settings in `SSO_Start_URL = ...`: the migration's `sso_session` line gives it some.
    (was[:keys].keys | is[:keys].keys).each do |key|
      next if !key.nil? && SSO_KEYS.include?(key.downcase)
      # A comment line with `=` in it is a key to this SDK that nothing looks up (`flat_keys`):
      # a session the migration writes above a comment block takes such lines with it.
      next if comment_key?(key)
      # A line botocore reads as an SSO key set with `:` (`sso_start_url: https://...?x=1`) is to
      # this SDK a key of the SSO key, the `:` and part of the value, which nothing looks up.
      next if colon_sso_key?(key)
      next if was[:keys][key] == is[:keys][key]
      # An indented key right under the header is a nested item of no key to this SDK: an SSO
      # key there (` sso_start_url = ...`) is one it does not read, and the migration may move.
      next if key.nil? && without_sso(was[:keys][key]) == without_sso(is[:keys][key])

      problems << "profile #{name.to_json}: #{key.to_json} was #{was[:keys][key].to_json}, " \
                  "is #{is[:keys][key].to_json}"
    end
    t0 = was[:sso]
    t1 = is[:sso]
    # No SSO provider before (no SSO keys it reads): the same afterwards, or SSO settings in full.
    if t0.nil?
      if t1.nil?
        next
      elsif complete?(t1)
        counts[:gained] += 1
        next
      end
      problems << "profile #{name.to_json}: no SSO settings before, #{t1.to_json} afterwards"
      next
    end
    # A portal or region it did not read before (`SSO_REGION = ...`, `sso_region: ...`) and
    # reads afterwards, in the session the profile now names: the profile was no SSO profile to it.
    if !t0.key?('error') && !complete?(t0) && complete?(t1) &&
       t0.all? { |field, value| value.nil? || same?(field, value, t1[field]) }
      counts[:gained] += 1
      next
    end
    if t1.nil? || t0.key?('error') || t1.key?('error')
      problems << "profile #{name.to_json}: SSO was #{t0.to_json}, is #{t1.to_json}" unless t0 == t1
      next
    end
    t0.each_key do |field|
      next if same?(field, t0[field], t1[field])

      problems << "profile #{name.to_json}: SSO #{field} was #{t0[field].to_json}, " \
                  "is #{t1[field].to_json}"
    end
  end
  before[:sessions].each do |name, was|
    is = after[:sessions][name]
    same = [was, is].map { |keys| keys&.reject { |k, _| comment_key?(k) } }.uniq.size == 1
    problems << "sso-session #{name.to_json} was #{was.to_json}, is #{is.to_json}" unless same
  end
  [problems, counts]
end

def default_files
  list = lambda do |dir, &pick|
    raise "input folder #{dir} is missing (shared data lives next to the repo)" unless Dir.exist?(dir)

    Dir.children(dir).sort.map { |f| File.join(dir, f) }.select(&pick)
  end
  fixtures = list.call(File.join(REPO, 'fixtures')) { |d| File.exist?(File.join(d, 'config')) }
                 .map { |d| File.join(d, 'config') }
  corpus = list.call(File.join(SHARED, 'corpus', 'real-world')) { |f| f.end_with?('.config') }
  botocore = list.call(File.join(SHARED, 'conformance', 'aws-sdk', 'botocore-cfg')) { |f| File.file?(f) }
  # Each scenario's config is under a hidden `.aws` folder.
  scenario_dir = File.join(SHARED, 'conformance', 'aws-sdk', 'smithy-rs-sso-scenarios')
  scenarios = Dir.glob('**/config', File::FNM_DOTMATCH, base: scenario_dir).sort
                 .map { |f| File.join(scenario_dir, f) }
  fixtures + corpus + scenarios + botocore
end

def version_line
  "aws-sdk-core #{Aws::CORE_GEM_VERSION} (Ruby #{RUBY_VERSION})"
end

def check_files(bin, files, verbose)
  counts = { migrated: 0, refused: 0, failed: 0, profiles: 0, gained: 0 }
  Dir.mktmpdir('ruby-sdk-interop-') do |work|
    files.map { |f| File.expand_path(f) }.each do |file|
      rel = file.delete_prefix("#{REPO}/")
      home = Dir.mktmpdir('home-', work)
      env = { 'HOME' => home, 'AWS_CONFIG_FILE' => File.join(home, 'none') }
      out, err, status = Open3.capture3(env, bin, '--format', 'config', '--color', 'never', file,
                                        chdir: home, binmode: true)
      if status.exitstatus == 2
        counts[:refused] += 1
        puts "#{rel}: refused by the tool" if verbose
        next
      end
      unless status.success?
        counts[:failed] += 1
        puts "#{rel}: FAIL: the tool exited #{status.exitstatus}: #{err[-500..] || err}"
        next
      end
      problems, c = compare(read_as_sdk(File.binread(file), work), read_as_sdk(out, work))
      counts[:profiles] += c[:compared]
      counts[:gained] += c[:gained]
      if problems.empty?
        counts[:migrated] += 1
        puts "#{rel}: ok (#{c[:compared]} profiles)" if verbose
      else
        counts[:failed] += 1
        problems.each { |p| puts "#{rel}: FAIL: #{p}" }
      end
    end
  end
  puts "#{version_line}: #{files.length} files checked: #{counts[:migrated]} read alike before " \
       "and after (#{counts[:profiles]} profiles compared, #{counts[:gained]} with SSO settings " \
       "the SDK sees only afterwards), #{counts[:refused]} refused by the tool, " \
       "#{counts[:failed]} failed"
  counts[:failed].zero?
end

# --doctor: every claim `aws-sso-migrate --doctor` makes about this SDK ("ruby-v3" in a finding's
# `readers`) must hold, and every profile it reads otherwise than botocore must be named by one.
# botocore's reading of each file (tests/interop/botocore/readings.py, run with the botocore
# check's virtualenv) is the reference. A profile reads alike when the SDK has it with the same
# keys and values as botocore, and, where it names an sso-session, the same session; an empty
# value counts as no value and a nested one is compared as `key.sub`. Claims: `file` - the SDK
# cannot read the file; `profile` - it reads the finding's profile otherwise; `users` - it reads
# every profile that names the finding's session otherwise (none: nothing to check); `section` -
# the same for the profile or session it names; `inheritors`
# - it lacks a key of `[DEFAULT]` where botocore gives it to a profile or to its session (at
# least one).
READER = 'ruby-v3'

# The profiles `interop/doctor-unclaimed.txt` lists for this SDK: [FILE, PROFILE] pairs.
def unclaimed_listed
  File.readlines(File.join(REPO, 'interop', 'doctor-unclaimed.txt'), chomp: true).filter_map do |line|
    m = line.match(/\A(\S+)\s+(\S+)\s+("(?:[^"\\]|\\.)*")/)
    [m[2], JSON.parse(m[3])] if m && m[1] == READER
  end.to_set
end

def botocore_readings(python, files)
  script = File.join(REPO, 'tests', 'interop', 'botocore', 'readings.py')
  out, err, status = Open3.capture3(python, script, *files)
  raise "#{script} exited #{status.exitstatus}: #{err}" unless status.success?

  JSON.parse(out)
end

# Whether `key` starts with `#` or `;`: a comment line with `=` in it, which this SDK reads as
# a key (it cuts only ` ;` comments) and nothing looks up.
def comment_key?(key)
  key.is_a?(String) && key.start_with?('#', ';')
end

# Whether `key` is this SDK's reading of a line botocore reads as an SSO key set with `:`:
# botocore splits the line at its first `:` or `=`, the SDK at its first `=`.
def colon_sso_key?(key)
  key.is_a?(String) && key.include?(':') && SSO_KEYS.include?(key.split(':', 2).first.strip.downcase)
end

# `keys` as the comparison sees them: non-empty values, nested ones flattened, comment lines
# (`comment_key?`, nested ones too) left out.
def flat_keys(keys)
  out = {}
  (keys || {}).each do |k, v|
    next if comment_key?(k)

    if v.is_a?(Hash)
      v.each { |sub, w| out["#{k}.#{sub}"] = w unless w == '' || comment_key?(sub.lstrip) }
    elsif !v.nil? && v != ''
      out[k.to_s] = v
    end
  end
  out
end

# Whether botocore's profile `name` has no key with a value (`[profile a]` alone, `sso_session =`)
# and the SDK, which makes a profile only of a key with a value, reads none: nothing is read from
# either, so a claim there is neither needed nor false.
def of_no_value?(boto, sdk, name)
  sdk[:profiles][name].nil? && flat_keys(boto['profiles'][name]).empty?
end

# How the SDK's reading of botocore's profile `name` differs from botocore's: nil when alike.
def profile_difference(boto, sdk, name)
  return nil if of_no_value?(boto, sdk, name)

  is = sdk[:profiles][name]
  return 'the SDK reads no such profile' if is.nil?

  a = flat_keys(boto['profiles'][name])
  b = flat_keys(is[:keys])
  (a.keys | b.keys).sort.each do |key|
    next if a[key] == b[key]

    return "#{key} is #{b[key].to_json} to the SDK, #{a[key].to_json} to botocore"
  end
  session = a['sso_session']
  return nil if session.nil?

  s = flat_keys(boto['sessions'][session])
  t = flat_keys(sdk[:sessions][session])
  return nil if s == t

  "its sso-session #{session.to_json} is #{t.to_json} to the SDK, #{s.to_json} to botocore"
end

# Checks the doctor's JSON (`doc`, exit status `rc`) about `text` against botocore's reading.
def check_claims(text, rc, doc, boto, work, listed = ->(_) { false })
  return [[], 0, true, []] if rc == 2 || boto.key?('error')

  claims = (doc['files'][0]['findings'] || []).flat_map do |f|
    (f['readers'] || []).select { |r| r['reader'] == READER }.map { |r| [f, r] }
  end
  begin
    sdk = read_as_sdk(text, work)
    read_error = nil
  rescue StandardError => e
    read_error = e
  end
  problems = []
  file_claims = claims.count { |_, r| r['scope'] == 'file' }
  if file_claims.positive? || read_error
    problems << "the SDK cannot read the file and no finding says so: #{read_error}" if file_claims.zero?
    problems << 'a finding says the SDK cannot read the file, but it does' unless read_error
    return [problems, claims.length, false, []]
  end
  users_of = lambda do |session|
    boto['profiles'].keys.select { |n| flat_keys(boto['profiles'][n])['sso_session'] == session }
  end
  # Profiles that lack, themselves or in their session, a key botocore gives them from `[DEFAULT]`
  # (a nested one too: `s3 =` over indented settings is each of them).
  defaults = flat_keys(boto['defaults'])
  inherits = lambda do |was, is|
    defaults.any? { |k, v| flat_keys(was)[k] == v && flat_keys(is)[k].nil? }
  end
  only_defaults = lambda do |was|
    flat_keys(was).all? { |k, v| defaults[k] == v }
  end
  inheritors = boto['profiles'].keys.select do |n|
    is = sdk[:profiles][n]
    next false if is.nil?

    session = flat_keys(boto['profiles'][n])['sso_session']
    inherits.call(boto['profiles'][n], is[:keys]) ||
      (!session.nil? && inherits.call(boto['sessions'][session], sdk[:sessions][session]))
  end
  named = {}
  checked = 0
  claims.each do |f, r|
    scope = r['scope']
    what = "#{f['code']} at line #{f['line']}"
    # `section`: the profile or session it names instead of the finding's.
    # A header botocore reads as a profile otherwise spelled (`[profile\u00a0 "x"]`) is the
    # finding's section, not its profile: a finding about two headers names the profile in its
    # details.
    details_profile = f.dig('details', 'what') == 'profile' ? f.dig('details', 'name') : nil
    profile, session = scope == 'section' ? [r['profile'], r['session']] : [f['profile'] || details_profile, f['session']]
    if %w[profile section].include?(scope) && !profile.nil?
      checked += 1
      named[profile] = true
      # botocore has no such profile either, or neither has a value in it.
      next if boto['profiles'][profile].nil? || of_no_value?(boto, sdk, profile)

      if profile_difference(boto, sdk, profile).nil?
        problems << "#{what}: the SDK reads profile #{profile.to_json} as botocore does"
      end
    elsif %w[users section].include?(scope) && !session.nil?
      checked += 1
      users_of.call(session).each do |user|
        named[user] = true
        next if of_no_value?(boto, sdk, user) || !profile_difference(boto, sdk, user).nil?

        problems << "#{what}: the SDK reads profile #{user.to_json} of sso-session " \
                    "#{session.to_json} as botocore does"
      end
    elsif scope == 'inheritors'
      checked += 1
      inheritors.each { |user| named[user] = true }
      sessions = boto['sessions'].keys.select do |s|
        !sdk[:sessions][s].nil? && inherits.call(boto['sessions'][s], sdk[:sessions][s])
      end
      # A profile it does not read lacks the keys too (its header's finding names it).
      unread = boto['profiles'].keys.select do |n|
        sdk[:profiles][n].nil? && inherits.call(boto['profiles'][n], {})
      end
      # One whose every key comes from `[DEFAULT]` has no key of its own, which the SDK reads
      # as no profile: the claim names it.
      unread.select { |n| only_defaults.call(boto['profiles'][n]) }.each { |n| named[n] = true }
      if inheritors.empty? && sessions.empty? && unread.empty?
        problems << "#{what}: the SDK lacks no key of [DEFAULT] where botocore gives it one"
      end
    else
      problems << "#{what}: a claim of scope #{scope.to_json} this check does not know"
    end
  end
  # A header botocore ignores: the SDK reads its line, alone above a key (as the tool counts
  # lines; the SDK keeps no section without one), as the profile or session it names exactly
  # where the finding says it does.
  lines = text.split(/\r\n|\n|\r/, -1)
  (doc['files'][0]['findings'] || []).select { |f| f['code'] == 'botocore_ignores_header' }.each do |f|
    d = f['details']
    says = (d['read_by'] || []).include?(READER)
    alone = read_as_sdk("#{lines[f['line'] - 1]}\nx = y\n", work)
    # Its sections by the keys it keeps them under: a profile named `sso-session corp` is the
    # session `corp` to it too, and a session is looked up quoted as well.
    keys = alone[:profiles].keys + alone[:sessions].keys.map { |k| "sso-session #{k}" }
    wanted = d['session'] ? ["sso-session #{d['name']}", "sso-session '#{d['name']}'"] : [d['name']]
    reads = wanted.any? { |k| keys.include?(k) }
    checked += 1
    next if says == reads

    problems << "#{f['code']} at line #{f['line']}: the SDK #{reads ? 'reads' : 'does not read'} #{d['name'].to_json}"
  end
  # Every profile read otherwise is named by a claim, or listed in doctor-unclaimed.txt.
  listed_here = []
  boto['profiles'].keys.sort.each do |name|
    diff = profile_difference(boto, sdk, name)
    next if diff.nil? || named[name]

    if listed.call(name)
      listed_here << name
    else
      problems << "profile #{name.to_json}: #{diff}, and no finding names the SDK"
    end
  end
  [problems, checked, false, listed_here]
end

def check_doctor(bin, files, python, verbose)
  counts = { claims: 0, failed: 0, skipped: 0, listed: 0 }
  listed = unclaimed_listed
  seen = Set.new
  resolved = files.map { |f| File.expand_path(f) }
  rel_of = ->(f) { Pathname.new(f).relative_path_from(Pathname.new(REPO)).to_s }
  readings = botocore_readings(python, resolved)
  Dir.mktmpdir('ruby-sdk-doctor-') do |work|
    resolved.each do |file|
      rel = rel_of.call(file)
      out, _err, status = Open3.capture3({ 'NO_COLOR' => '1' }, bin, '--doctor', '--format', 'json',
                                         '--color', 'never', file, binmode: true)
      doc = begin
        JSON.parse(out)
      rescue JSON::ParserError
        counts[:failed] += 1
        puts "#{rel}: FAIL: --doctor exited #{status.exitstatus} and printed no JSON"
        next
      end
      problems, claims, skipped, listed_here =
        check_claims(File.binread(file), status.exitstatus, doc, readings[file], work,
                     ->(name) { listed.include?([rel, name]) })
      listed_here.each { |name| seen << [rel, name] }
      counts[:listed] += listed_here.length
      counts[:claims] += claims
      counts[:skipped] += 1 if skipped
      if problems.empty?
        puts "#{rel}: ok (#{claims} claims)" if verbose
      else
        counts[:failed] += 1
        problems.each { |p| puts "#{rel}: FAIL: #{p}" }
      end
    end
  end
  # A listed profile of a checked file that is no longer read otherwise (or is now named).
  checked = resolved.map { |f| rel_of.call(f) }.to_set
  listed.each do |rel, name|
    next if !checked.include?(rel) || seen.include?([rel, name])

    counts[:failed] += 1
    puts "#{rel}: FAIL: doctor-unclaimed.txt lists profile #{name.to_json}, which reads alike or is named now"
  end
  puts "--doctor against #{version_line}: #{files.length} files, #{counts[:claims]} claims checked, " \
       "#{counts[:listed]} listed in doctor-unclaimed.txt, #{counts[:skipped]} refused by the tool or " \
       "botocore, #{counts[:failed]} failed"
  counts[:failed].zero?
end

# Wrong migrations the comparison must catch: (name, original, wrong result).
LEGACY = <<~INI
  [profile prod]
  sso_start_url = https://corp.awsapps.com/start
  sso_region = eu-west-1
  sso_account_id = 111111111111
  sso_role_name = ReadOnly
  region = us-east-1
INI
RIGHT = <<~INI
  [sso-session corp]
  sso_start_url = https://corp.awsapps.com/start
  sso_region = eu-west-1

  [profile prod]
  sso_session = corp
  sso_account_id = 111111111111
  sso_role_name = ReadOnly
  region = us-east-1
INI
PORTAL_LINE = 'sso_start_url = https://corp.awsapps.com/start'
COLON_PORTAL_LINE = 'sso_start_url: https://corp.awsapps.com/start?x=1'
KEEP = "[sso-session keep]\nsso_start_url = https://keep.awsapps.com/start\nsso_region = us-east-1\n"
SELFTEST = [
  ['a profile points at a session that is not there', LEGACY, RIGHT.sub('sso-session corp]', 'sso-session other]')],
  ['the session has another region', LEGACY, RIGHT.sub('sso_region = eu-west-1', 'sso_region = us-east-1')],
  ['a key outside SSO changed', LEGACY, RIGHT.sub('region = us-east-1', 'region = us-west-2')],
  ['the role changed', LEGACY, RIGHT.sub('ReadOnly', 'Admin')],
  ['a profile was lost', LEGACY, RIGHT.sub('[profile prod]', '[profile prod2]')],
  ['another portal', LEGACY, RIGHT.sub("corp.awsapps.com/start\n", "corp.awsapps.com/start2\n")],
  ['scopes the profile had are lost', "#{LEGACY}sso_registration_scopes = sso:account:access\n", RIGHT],
  # Ruby cuts a comment only after whitespace, and reads a header only if nothing but `#...`
  # follows it: `[sso-session corp];x` is no header, its keys go to the section above.
  ['a session header Ruby cannot read', LEGACY, RIGHT.sub('[sso-session corp]', '[sso-session corp];note')],
  ['an existing session changed', LEGACY + KEEP, RIGHT + KEEP.sub('us-east-1', 'us-east-2')],
  # Key lines botocore reads in any case and Ruby only in lower case.
  ['a session whose region the SDK does not read is reused',
   "#{LEGACY}\n#{RIGHT.split("\n\n").first.sub('sso_region', 'SSO_REGION')}\n",
   RIGHT.sub('sso_region', 'SSO_REGION')],
  ['inline keys go where the SDK does not read sso_session',
   RIGHT.sub('sso_session = corp', "SSO_SESSION = corp\nsso_start_url = https://corp.awsapps.com/start"),
   RIGHT.sub('sso_session = corp', 'SSO_SESSION = corp')],
  # A comment line with `=` is a key nothing looks up, left out of the comparison; the keys
  # beside it are not.
  ['a key beside a comment line with `=` changed',
   LEGACY.sub('region = us-east-1', "# region = us-east-1\nregion = us-east-1"),
   RIGHT.sub('region = us-east-1', "# region = us-east-1\nregion = us-west-2")],
  ['a key outside SSO changed beside a portal set with `:`',
   LEGACY.sub(PORTAL_LINE, COLON_PORTAL_LINE),
   RIGHT.sub(PORTAL_LINE, "#{PORTAL_LINE}?x=1").sub('region = us-east-1', 'region = us-west-2')],
  ['a region the SDK read changed where it did not read the portal',
   LEGACY.sub('sso_start_url', 'SSO_START_URL'),
   RIGHT.sub('sso_region = eu-west-1', 'sso_region = us-east-1')]
].freeze

def selftest
  ok = true
  Dir.mktmpdir('ruby-sdk-selftest-') do |work|
    # The right migration, the same where the portal was set with `:` and a later `=`, and where
    # the session took a comment line with `=` (one above the profile's header) from the section
    # above.
    tools = "[profile tools]\nregion = us-east-1\n"
    [[LEGACY, RIGHT, 1],
     [LEGACY.sub(PORTAL_LINE, COLON_PORTAL_LINE), RIGHT.sub(PORTAL_LINE, "#{PORTAL_LINE}?x=1"), 1],
     ["#{tools}# note = x\n#{LEGACY}", "#{tools}#{RIGHT.sub('[profile prod]', "# note = x\n[profile prod]")}", 2]]
      .each do |before, right, compared|
      problems, counts = compare(read_as_sdk(before, work), read_as_sdk(right, work))
      next if problems.empty? && counts[:compared] == compared

      ok = false
      puts "selftest: FAIL: the right migration was not accepted: #{problems}"
    end
    SELFTEST.each do |name, original, wrong|
      problems, = compare(read_as_sdk(original, work), read_as_sdk(wrong, work))
      next unless problems.empty?

      ok = false
      puts "selftest: FAIL: not caught: #{name}"
    end
  end
  puts "selftest: #{SELFTEST.length} wrong migrations #{ok ? 'all caught' : 'NOT all caught'}, " \
       'the right one accepted'
  ok
end

# --doctor's check must catch false and missing claims: (name, config, claims as [scope, profile
# or session], whether the check must accept them).
DOCTOR_SELFTEST = [
  ['a true claim', "[profile a]\nREGION = x\n", [['profile', { 'profile' => 'a' }]], true],
  ['a claim about a profile it reads alike', "[profile a]\nregion = x\n", [['profile', { 'profile' => 'a' }]], false],
  ['a profile it reads otherwise, no claim', "[profile a]\nREGION = x\n", [], false],
  ['a claim about a session\'s users it reads alike',
   "[profile a]\nsso_session = s\n[sso-session s]\nsso_region = x\n", [['users', { 'session' => 's' }]], false],
  ['a claim about a section it reads alike', "[profile a]\nregion = x\n[profile b]\nregion = y\n",
   [['section', { 'profile' => 'b' }]], false],
  ['a claim about [DEFAULT] where nothing takes a key', "[DEFAULT]\nregion = x\n[profile a]\nregion = y\n",
   [['inheritors', {}]], false],
  ['a true claim about [DEFAULT]', "[DEFAULT]\nregion = x\n[profile a]\noutput = json\n", [['inheritors', {}]], true],
  # A nested `[DEFAULT]` key is each of its settings.
  ['a true claim about a nested key of [DEFAULT]',
   "[DEFAULT]\ns3 =\n  addressing_style = path\n[profile a]\noutput = json\n", [['inheritors', {}]], true],
  ['a nested key of [DEFAULT] no claim names',
   "[DEFAULT]\ns3 =\n  addressing_style = path\n[profile a]\noutput = json\n", [], false],
  ['a claim that it cannot read a file it reads', "[profile a]\nregion = x\n", [['file', {}]], false],
  # A profile with no key of a value is none to the SDK: nothing to claim.
  ['a profile of no value, no claim', "[profile a]\nsso_session =\n[profile b]\n", [], true],
  ['a claim about a profile of no value', "[profile a]\nsso_session =\n", [['profile', { 'profile' => 'a' }]], true],
  # `[profile b]x` is no header to it: b lacks `[DEFAULT]`'s keys with the rest of it.
  ['a true claim about [DEFAULT] for a profile it does not read',
   "[DEFAULT]\nregion = x\n[profile b]x\noutput = json\n",
   [['inheritors', {}], ['profile', { 'profile' => 'b' }]], true],
  ['a profile it does not read, named only by the claim about [DEFAULT]',
   "[DEFAULT]\nregion = x\n[profile b]x\noutput = json\n", [['inheritors', {}]], false],
  # A profile without keys of its own is none to it, and lacks `[DEFAULT]`'s with the rest.
  ['a true claim about [DEFAULT] for a profile without keys',
   "[DEFAULT]\nregion = x\n[profile b]\n", [['inheritors', {}]], true],
  # A finding about two headers of one profile names it in its details.
  ['a true claim about the profile its details name', "[profile a]\nREGION = x\n",
   [['profile', { 'details' => { 'what' => 'profile', 'name' => 'a' } }]], true],
  ['a claim about the profile its details name, read alike', "[profile a]\nregion = x\n",
   [['profile', { 'details' => { 'what' => 'profile', 'name' => 'a' } }]], false],
  # An indented comment line with `=` is a nested key to it that nothing looks up.
  ['an indented comment line with `=`, no claim', "[profile a]\nregion = x\n  # note = y\n", [], true],
  # A header botocore ignores (a claim of scope nil: a finding that names no reader as failing):
  # the finding says whether the SDK reads the profile it names.
  ['a header botocore ignores that the SDK reads, said so', "[profile ops] # see [X-1]\nregion = x\n",
   [[nil, { 'code' => 'botocore_ignores_header',
            'details' => { 'name' => 'ops', 'session' => false, 'read_by' => [READER] } }]], true],
  ['a header botocore ignores that the SDK reads, not said', "[profile ops] # see [X-1]\nregion = x\n",
   [[nil, { 'code' => 'botocore_ignores_header',
            'details' => { 'name' => 'ops', 'session' => false, 'read_by' => [] } }]], false],
  ['a header botocore ignores that the SDK does not read, said to', "[ profile ops ]\nregion = x\n",
   [[nil, { 'code' => 'botocore_ignores_header',
            'details' => { 'name' => 'ops', 'session' => false, 'read_by' => [READER] } }]], false]
].freeze

def doctor_selftest(python)
  ok = true
  Dir.mktmpdir('ruby-sdk-doctor-selftest-') do |work|
    files = DOCTOR_SELFTEST.each_with_index.map do |(_, text), i|
      File.join(work, "case-#{i}.config").tap { |f| File.binwrite(f, text) }
    end
    readings = botocore_readings(python, files)
    DOCTOR_SELFTEST.each_with_index do |(name, text, claims, accept), i|
      findings = claims.map do |scope, at|
        reader = { 'reader' => READER, 'scope' => scope }
        at_finding = scope == 'section' ? {} : at
        readers = scope.nil? ? [] : [scope == 'section' ? reader.merge(at) : reader]
        { 'code' => 'selftest', 'line' => 1, 'readers' => readers }.merge(at_finding)
      end
      problems, = check_claims(text, 1, { 'files' => [{ 'findings' => findings }] }, readings[files[i]], work)
      next if problems.empty? == accept

      ok = false
      puts "doctor selftest: FAIL: #{name}: #{accept ? "not accepted: #{problems}" : 'not caught'}"
    end
  end
  wrong = DOCTOR_SELFTEST.count { |c| !c[3] }
  puts(ok ? "doctor selftest: #{wrong} false or missing claims caught, #{DOCTOR_SELFTEST.length - wrong} " \
            'true ones accepted' : 'doctor selftest: FAILED')
  ok
end

def botocore_python
  ENV.fetch('BOTOCORE_PYTHON') { File.join(REPO, 'target', 'interop', 'botocore-venv', 'bin', 'python') }
end

def main(args)
  return selftest if args.first == '--selftest'
  return doctor_selftest(botocore_python) if args.first == '--doctor-selftest'

  verbose = args.include?('-v')
  doctor = args.include?('--doctor')
  rest = args.reject { |a| ['-v', '--doctor'].include?(a) }
  if rest.first != '--bin' || rest.length < 2
    warn 'usage: check.rb --bin PATH [-v] [--doctor] [FILE...] | check.rb --selftest | check.rb --doctor-selftest'
    exit 2
  end
  files = rest.length > 2 ? rest[2..] : default_files
  return check_doctor(File.expand_path(rest[1]), files, botocore_python, verbose) if doctor

  check_files(File.expand_path(rest[1]), files, verbose)
end

exit(main(ARGV) ? 0 : 1)
